/**
 * Helmet settings: a strict CSP with no inline script, and cross-origin
 * isolation (COOP same-origin + COEP require-corp) so the reranker can use
 * SharedArrayBuffer / WASM threads. Everything the page loads is same-origin
 * (SPA assets, /thumbs, the ONNX model and runtime under dist/), so
 * require-corp costs nothing; a cross-origin image or CDN script would need
 * CORP/CORS headers and a CSP change on purpose.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  // 'wasm-unsafe-eval' lets onnxruntime-web compile WebAssembly; no 'unsafe-eval', no inline script.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  // React's `style` prop is applied through the CSSOM (element.style.setProperty), which CSP does not
  // govern, so no 'unsafe-inline' is needed; `style="…"` in HTML markup or setAttribute('style') is blocked.
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // onnxruntime-web may start its proxy worker from a blob: URL.
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export const HELMET_OPTIONS: FastifyHelmetOptions = {
  global: true,
  // No helmet defaults: they add upgrade-insecure-requests, and this server speaks plain HTTP (TLS, when
  // there is any, ends at a proxy); on a LAN address that directive would break every asset load.
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginEmbedderPolicy: { policy: 'require-corp' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  // Same intent as frame-ancestors 'none', for browsers that predate it.
  frameguard: { action: 'deny' },
  // HSTS is meaningless over plain HTTP; the TLS-terminating proxy owns it.
  strictTransportSecurity: false,
};
