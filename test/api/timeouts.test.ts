/**
 * Timeouts (src/server/http/timeouts.ts): the defaults reach Node's server, and a slow-loris
 * client — headers started, never finished, a header line trickled now and then to look
 * alive — is answered 408 in the contract's error shape and cut off, while other clients are
 * served. The deadlines are shortened here so the test takes about a second.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, SearchResponseSchema } from '@/contract/api';
import {
  HEADERS_TIMEOUT_MS,
  IDLE_SOCKET_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
} from '@/server/http/timeouts';
import { startTestServer, type TestServer } from './support/test-server';

const HEADERS_MS = 600;
const REQUEST_MS = 1_200;
const CHECK_INTERVAL_MS = 50;
const TRICKLE_EVERY_MS = 100;
/**
 * The loris goes quiet this long before the deadline (still never ending its headers): a byte
 * written after the server's 408 and close would come back as a reset that can discard the
 * 408 before it is read.
 */
const QUIET_BEFORE_DEADLINE_MS = 250;
/** Timers on a loaded CI machine fire late; being cut off at all is what matters. */
const SLACK_MS = 2_500;

interface Outcome {
  received: string;
  closedAfterMs: number;
}

/** Opens a socket, runs `behave` on it, and resolves when the server closes it. */
function watchSocket(port: number, behave: (socket: net.Socket) => () => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let stop = () => {};
    socket.on('connect', () => {
      stop = behave(socket);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      stop();
      reject(error);
    });
    socket.on('close', () => {
      stop();
      resolve({
        received: Buffer.concat(chunks).toString('latin1'),
        closedAfterMs: performance.now() - started,
      });
    });
  });
}

function expectCutOffAtHeadersDeadline({ received, closedAfterMs }: Outcome): void {
  const [head = '', body = ''] = received.split('\r\n\r\n');
  expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  expect(head).toContain('Connection: close');
  expect(ErrorResponseSchema.parse(JSON.parse(body))).toEqual({
    error: { code: 'bad_request', message: 'The request took too long to arrive.' },
  });
  expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - CHECK_INTERVAL_MS);
  expect(closedAfterMs).toBeLessThan(HEADERS_MS + SLACK_MS);
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    timeouts: {
      headersMs: HEADERS_MS,
      requestMs: REQUEST_MS,
      checkIntervalMs: CHECK_INTERVAL_MS,
    },
  });
  // Server and sockets share this process: a first (cold) search must not stall the loris's timers.
  expect((await server.client.get('/api/v1/search?q=face&limit=1')).status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

describe('server timeouts', () => {
  it('are set on the Node server deliberately, not left to the defaults', async () => {
    const plain = await startTestServer();
    try {
      expect(plain.app.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
      expect(plain.app.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
      expect(plain.app.server.timeout).toBe(IDLE_SOCKET_TIMEOUT_MS);
      expect(plain.app.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    } finally {
      await plain.close();
    }
    expect([HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS]).toEqual([10_000, 30_000]);
  });

  it('answers a slow-loris request 408 and closes it, while serving others', async () => {
    const loris = watchSocket(server.port, (socket) => {
      socket.write('GET /api/v1/search?q=face HTTP/1.1\r\nHost: localhost\r\n');
      const started = performance.now();
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        const quiet = performance.now() - started > HEADERS_MS - QUIET_BEFORE_DEADLINE_MS;
        if (!quiet && !socket.destroyed) socket.write(`X-Still-Here-${n}: yes\r\n`);
      }, TRICKLE_EVERY_MS);
      return () => clearInterval(timer);
    });

    // The server keeps answering everyone else while the loris dribbles.
    const other = await server.client.get('/api/v1/search?q=face&limit=1');
    expect(other.status).toBe(200);
    expect(SearchResponseSchema.safeParse(other.json()).success).toBe(true);

    expectCutOffAtHeadersDeadline(await loris);
  });

  it('answers 408 and closes a connection that never sends a byte', async () => {
    expectCutOffAtHeadersDeadline(await watchSocket(server.port, () => () => {}));
  });
});
