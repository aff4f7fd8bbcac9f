/**
 * A deliberately low-level client for API tests: node:http with the request path
 * sent exactly as given (fetch would re-encode it, so invalid percent-escapes and
 * raw bytes would never reach the server), keep-alive, no decompression unless asked.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): unknown;
}

export interface HttpClient {
  get(path: string, headers?: Record<string, string>): Promise<WireResponse>;
  request(method: string, path: string, headers?: Record<string, string>): Promise<WireResponse>;
  close(): void;
}

function toResponse(status: number, headers: IncomingHttpHeaders, body: Buffer): WireResponse {
  const text = body.toString('utf8');
  return { status, headers, body, text, json: () => JSON.parse(text) as unknown };
}

export function createClient({
  port,
  maxSockets = 8,
}: {
  port: number;
  maxSockets?: number;
}): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<WireResponse>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve(toResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return {
    request,
    get: (path, headers) => request('GET', path, headers),
    close: () => agent.destroy(),
  };
}

/**
 * Writes one request on a fresh socket byte for byte (latin1), for request lines that
 * node:http refuses to send (control characters, spaces), and parses the reply loosely.
 * `complete: false` never ends the headers (nor the socket): the server's timeout answers.
 */
export function rawRequest({
  port,
  requestLine,
  complete = true,
}: {
  port: number;
  requestLine: string;
  complete?: boolean;
}): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const headerEnd = raw.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = raw.slice(0, headerEnd).split('\r\n');
      const headers: IncomingHttpHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(statusLine.split(' ')[1]);
      resolve(toResponse(status, headers, Buffer.from(raw.slice(headerEnd + 4), 'latin1')));
    });
    if (!complete) {
      socket.write(Buffer.from(`${requestLine}\r\nHost: localhost\r\n`, 'latin1'));
      return;
    }
    socket.end(
      Buffer.from(`${requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n`, 'latin1'),
    );
  });
}
