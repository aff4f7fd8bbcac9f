/**
 * A request whose client closed its connection before the server got to it (it waited in the
 * listen queue past the client's patience) gets no work: the route never runs. A client that
 * is still there is answered as ever.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { API_PREFIX } from '@/contract/api';
import type { SearchBackend } from '@/server/engine/types';
import { goneClientsDropped } from '@/server/http/gone-clients';
import { createServer } from '@/server/http/create-server';

let reads = 0;
/** An engine that counts the closeups it is asked for (and holds no pin). */
const engine: SearchBackend = {
  search: () => {
    throw new Error('not used');
  },
  getPin: () => {
    reads++;
    return null;
  },
  related: () => null,
  info: () => ({ pins: 0, sources: {}, version: 1, builtAt: '', buildMs: 0 }),
  close: () => {},
};

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** Sends one raw request; `leave`: close our end right after sending, as a client that gave up. */
function rawRequest(port: number, path: string, leave: boolean): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      if (leave) socket.end();
      // The server is busy (as it is when requests queue): it reads the request and the close
      // together, later.
      const until = Date.now() + 100;
      while (Date.now() < until) {
        /* busy */
      }
    });
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

describe('a client that has gone', () => {
  it('costs no engine call; a client still there is answered', async () => {
    app = createServer({ engine, distDir: null, thumbsDir: null, rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const path = `${API_PREFIX}/pins/cat-1`;

    reads = 0;
    const droppedBefore = goneClientsDropped();
    const gone = await rawRequest(port, path, true);
    expect(gone).toBe('');
    expect(reads).toBe(0);
    expect(goneClientsDropped()).toBe(droppedBefore + 1);

    const live = await rawRequest(port, path, false);
    expect(live).toMatch(/^HTTP\/1\.1 404 /);
    expect(reads).toBe(1);
  });
});
