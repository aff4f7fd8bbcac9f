/**
 * Size limits (time limits are in timeouts.ts). The API takes GET with a query string, and one
 * POST (visual search, a 1,280-number vector: its own limit, routes/visual-search.ts), so bodies are
 * small by contract and a URL longer than MAX_URL_LENGTH is refused with 414 before
 * any parsing; beyond Node's header limit (16 KiB) the HTTP parser answers 431.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { errorBody } from '@/server/http/api-error';

export const MAX_URL_LENGTH = 8 * 1024;
export const BODY_LIMIT_BYTES = 16 * 1024;
/** Longest path segment the router accepts (pin ids are at most 128 characters by contract). */
export const MAX_PARAM_LENGTH = 256;

/** onRequest hook; answering without calling `done` ends the request here. */
export function rejectLongUrls(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (request.url.length > MAX_URL_LENGTH) {
    void reply
      .code(414)
      .send(errorBody('payload_too_large', `The URL is longer than ${MAX_URL_LENGTH} characters.`));
    return;
  }
  done();
}
