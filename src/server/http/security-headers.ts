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

const OPENER_POLICY = 'same-origin';
const EMBEDDER_POLICY = 'require-corp';
const RESOURCE_POLICY = 'same-origin';
const REFERRER_POLICY = 'no-referrer';

const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** CONTENT_SECURITY_POLICY as a header value, serialized the way helmet does. */
export const CONTENT_SECURITY_POLICY_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([name, sources]) => `${kebabCase(name)} ${sources.join(' ')}`)
  .join(';');

/**
 * The same protections for answers written straight to the socket (error-handling.ts: Node's
 * parser refused the request, so no hook, helmet's included, ever ran).
 */
export const RAW_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'Cross-Origin-Opener-Policy': OPENER_POLICY,
  'Cross-Origin-Embedder-Policy': EMBEDDER_POLICY,
  'Cross-Origin-Resource-Policy': RESOURCE_POLICY,
  'Referrer-Policy': REFERRER_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export const HELMET_OPTIONS: FastifyHelmetOptions = {
  global: true,
  // No helmet defaults: they add upgrade-insecure-requests, and this server speaks plain HTTP (TLS, when
  // there is any, ends at a proxy); on a LAN address that directive would break every asset load.
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  crossOriginOpenerPolicy: { policy: OPENER_POLICY },
  crossOriginEmbedderPolicy: { policy: EMBEDDER_POLICY },
  crossOriginResourcePolicy: { policy: RESOURCE_POLICY },
  referrerPolicy: { policy: REFERRER_POLICY },
  // Same intent as frame-ancestors 'none', for browsers that predate it.
  frameguard: { action: 'deny' },
  // HSTS is meaningless over plain HTTP; the TLS-terminating proxy owns it.
  strictTransportSecurity: false,
};
