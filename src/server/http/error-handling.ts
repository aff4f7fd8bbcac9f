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

const INTERNAL_MESSAGE = 'Something went wrong on our side; please try again.';

function statusOf(error: FastifyError | ApiError): number {
  const { statusCode } = error;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 599
    ? statusCode
    : 500;
}

export function handleError(
  error: FastifyError | ApiError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = statusOf(error);
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', INTERNAL_MESSAGE));
  }
  const code = error instanceof ApiError ? error.code : codeForStatus(status);
  return reply
    .code(status)
    .send(errorBody(code, error.message || (STATUS_CODES[status] ?? 'Bad request')));
}

/** Router-level rejections that happen before any route runs (Fastify's `frameworkErrors`). */
export function handleFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
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
      'Connection: close\r\n\r\n' +
      body,
  );
}
