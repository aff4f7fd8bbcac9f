/**
 * Bytes a browser context received from the network, per path, for the byte benchmarks
 * (rerank-bytes.ts, visual-search-web.ts): Playwright's network events for the whole context
 * (pages, their workers, the app's service worker), headers + body as Chromium counts them
 * (encodedDataLength: 0 from the HTTP cache); an answer the service worker gives counts 0.
 */
import type { BrowserContext, Request } from '@playwright/test';

/** Bytes received from the network per path, in the whole browser context, since `clear()`. */
export function networkLog(context: BrowserContext) {
  const bytes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (request: Request) => {
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response || response.fromServiceWorker()) return;
        const sizes = await request.sizes();
        const path = new URL(request.url()).pathname;
        const received = sizes.responseHeadersSize + sizes.responseBodySize;
        bytes.set(path, (bytes.get(path) ?? 0) + Math.max(0, received));
      })().catch(() => {
        // A request still finishing when its context closes has no sizes to read: not counted,
        // and not an unhandled rejection that ends the benchmark.
      }),
    );
  });
  return {
    async settled(): Promise<Map<string, number>> {
      await Promise.all(pending);
      return new Map(bytes);
    },
    clear(): void {
      bytes.clear();
    },
  };
}

