/**
 * One log line per request (Fastify's default is two verbose ones):
 * request id, method, URL, status and time. Errors still carry their stack.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const MAX_LOGGED_URL_LENGTH = 300;

export class ConciseLogController extends LogController {
  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      url: request.url.slice(0, MAX_LOGGED_URL_LENGTH),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }
}
