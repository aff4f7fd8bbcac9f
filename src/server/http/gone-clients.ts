/**
 * No work for a client that has gone. Under overload, requests wait in the kernel's listen queue
 * (new connections the server has not accepted yet) for longer than the client waits for its
 * answer (the SPA gives up at 10 s): the client closes its end, yet the request it sent is
 * still in the socket, so the server accepts it, reads it, searches, serializes a large answer
 * and writes it to a connection nobody reads. That work is what the live clients waiting
 * behind it needed: measured with bench/cluster-drills.ts on this busy machine, once the queue
 * was full it stayed full to the end of the run, every answer too late for its reader.
 *
 * Node reads a request and the client's close (EOF) in separate turns of the event loop (libuv
 * stops at a short read), so the check waits two turns (setImmediate twice: microseconds on an
 * idle server) before the route runs; then a socket that can no longer be written to (Node ends
 * it when the client closes first) gets no answer and no work.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Requests dropped because their client had gone (since start). */
let dropped = 0;
export const goneClientsDropped = (): number => dropped;

/** onRequest hook for the API routes. */
export function skipGoneClients(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  setImmediate(() =>
    setImmediate(() => {
      const socket = request.raw.socket as { writable?: boolean; destroyed?: boolean } | null;
      // Only a real socket that says so (test injection has none that can close).
      if (socket && (socket.destroyed === true || socket.writable === false)) {
        dropped++;
        reply.hijack();
        request.raw.destroy();
        return;
      }
      done();
    }),
  );
}
