/**
 * The server's place in a fleet's life cycle. On SIGTERM (a rolling deploy, a scale-down) the
 * server starts draining: /api/ready answers 503 so the load balancer stops sending new requests,
 * every answer carries `Connection: close` so keep-alive clients reconnect elsewhere, and requests
 * keep being served until main.ts closes the listener after the drain period.
 */
export interface Lifecycle {
  readonly draining: boolean;
  startDraining(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
  };
}
