/**
 * Every failure leaves as `{ error: { code, message } }`, whichever layer caught it:
 * route code (ApiError), Fastify itself (bad URL, over-long path segment),
 * plugins (rate limit) or Node's HTTP parser before Fastify sees a request
 * (malformed request line, oversized headers, timeout). Only our own bugs are 5xx.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, codeForStatus, errorBody } from '@/server/http/api-error';
import { RAW_SECURITY_HEADERS } from '@/server/http/security-headers';

const RAW_SECURITY_HEADER_LINES = Object.entries(RAW_SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

const INTERNAL_MESSAGE = 'Something went wrong on our side; please try again.';

/**
 * Said instead of a bare status text ("Forbidden", "Bad Request"): the static-file layer
 * (@fastify/send) refuses paths with nothing but a status, and a client deserves a reason.
 */
const CLEARER_MESSAGES: Readonly<Partial<Record<number, string>>> = {
  400: 'The URL path is not a valid file path (it cannot be decoded, or it holds a NUL byte).',
  403: 'The path is not one this server serves (it climbs out with "..", or names a hidden file).',
};

function messageFor(error: FastifyError | ApiError, status: number): string {
  const bare = STATUS_CODES[status];
  if (error.message && error.message !== bare) return error.message;
  return CLEARER_MESSAGES[status] ?? bare ?? 'Bad request';
}

function statusOf(error: FastifyError | ApiError): number {
  const { statusCode } = error;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599
    ? statusCode
    : 500;
}

/** Said with a 503: the search engine (a cluster) did not answer, or not in time. */
const UNAVAILABLE_MESSAGE =
  'The search engine is not answering right now; please try again in a moment.';
/**
 * Seconds a client should wait before asking again after a 503: a cluster that lost a node
 * serves again within a second or two (a shard elects its leader), and a browser's retry a
 * second later lands on a cluster that can answer it.
 */
export const UNAVAILABLE_RETRY_AFTER_S = 1;

export function handleError(
  error: FastifyError | ApiError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = statusOf(error);
  if (status === 503) {
    // A dependency is down or slow (the cluster engine: SolrUnavailableError), not our bug: a load
    // balancer or the SPA may retry, and Retry-After says when.
    request.log.warn({ err: error }, 'search engine unavailable');
    return reply
      .code(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
      .send(errorBody('internal', UNAVAILABLE_MESSAGE));
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', INTERNAL_MESSAGE));
  }
  const code = error instanceof ApiError ? error.code : codeForStatus(status);
  return reply.code(status).send(errorBody(code, messageFor(error, status)));
}

/**
 * Router-level rejections that happen before any route runs (Fastify's `frameworkErrors`). No
 * hook has run either, helmet's included, so the security headers and request id are set here.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.headers({ ...RAW_SECURITY_HEADERS, 'x-request-id': request.id });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply
      .code(414)
      .send(errorBody('payload_too_large', 'A path segment of the URL is too long.'));
    return;
  }
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL path is not valid percent-encoding.'
      : error.message || 'Bad request';
  void reply.code(400).send(errorBody('bad_request', message));
}

/** Node's HTTP parser refused the request: answer on the raw socket, then close it (its framing is lost). */
export function handleClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Don't corrupt a response that has already started on this keep-alive connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long to arrive.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The URL or headers are too large.']
        : [
            400,
            'The request is not valid HTTP (for example a raw control character or space in the URL).',
          ];
  const body = JSON.stringify(errorBody(codeForStatus(status), message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      RAW_SECURITY_HEADER_LINES +
      'Connection: close\r\n\r\n' +
      body,
  );
}
