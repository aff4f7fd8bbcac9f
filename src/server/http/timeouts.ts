/**
 * How long the server waits for clients, set on purpose rather than left to Node's and
 * Fastify's defaults. A client that opens a connection and never finishes its headers
 * (slow loris) or stops reading a response (slow read) must not hold a socket for long; an
 * idle keep-alive connection should outlive the proxy in front of us. Node answers a late
 * request with 408 (error-handling.ts writes it in the contract's error shape) and closes it.
 */
import type { ServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

export interface ServerTimeouts {
  /** Headers must be complete within this from the request's first byte. */
  headersMs: number;
  /** The whole request (headers and body) must be complete within this. */
  requestMs: number;
  /** A connection with no bytes moving either way for this long is destroyed. */
  idleSocketMs: number;
  /** An idle keep-alive connection is closed after this (Node adds about 1 s of grace). */
  keepAliveMs: number;
  /** Node checks the header and request deadlines only this often. */
  checkIntervalMs: number;
}

/**
 * 10 s: a browser sends its headers in one packet; even a congested mobile link delivers
 * a few hundred bytes in well under that. Node's default (60 s) lets a slow loris hold a
 * socket six times as long.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
/** 30 s: the API takes GET only (bodies are capped at 16 KiB), so this is a backstop. */
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * 60 s without a byte moving: a client that stopped reading a response (slow read) or
 * vanished without closing. Bytes still flowing (the model file on a slow link) reset it.
 * Fastify's default is 0, no limit at all.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 60_000;
/**
 * 72 s, longer than the 60 s idle timeout of common reverse proxies and load balancers
 * (nginx upstream keepalive, AWS ALB): the proxy, not us, closes an idle connection, so it
 * never sends a request on a socket we are closing at that moment (a spurious 502).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/**
 * 1 s: Node's default 30 s sweep would let a slow loris live up to 40 s instead of 10.
 * The sweep walks the open connections once a second, negligible next to serving them.
 */
export const CONNECTIONS_CHECK_INTERVAL_MS = 1_000;

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: HEADERS_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  idleSocketMs: IDLE_SOCKET_TIMEOUT_MS,
  keepAliveMs: KEEP_ALIVE_TIMEOUT_MS,
  checkIntervalMs: CONNECTIONS_CHECK_INTERVAL_MS,
};

/** The Fastify constructor options that carry the timeouts (the `http` ones go to Node). */
export function fastifyTimeoutOptions(timeouts: ServerTimeouts): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'
> & {
  http: ServerOptions;
} {
  return {
    connectionTimeout: timeouts.idleSocketMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
  };
}
