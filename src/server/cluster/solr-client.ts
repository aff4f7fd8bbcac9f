/**
 * A small SolrCloud HTTP client (what SolrJ's cloud client does, reduced to what Inspo needs):
 *
 * - It knows the cluster's nodes: the seed URLs it is given (INSPO_SOLR_URL) plus the live nodes
 *   the cluster reports (CLUSTERSTATUS live_nodes, refreshed every DISCOVERY_INTERVAL_MS), so one
 *   seed is enough and a node added later is used too.
 * - Requests go round-robin over the nodes believed up. A node that refuses the connection,
 *   resets it, times out or answers 5xx (a node stopping, a replica it forwards to going down)
 *   is marked down for DOWN_BACKOFF_MS and the same request is sent to the next node: a read is
 *   idempotent, and so is an update that writes documents by id. Every request of a search
 *   therefore survives the loss of any one node while each shard keeps a live replica.
 * - 4xx answers are Inspo's own mistakes (a bad query, a missing collection): never retried.
 *
 * Keep-alive connections (one agent per client); bodies are JSON; parameters go as a form body
 * (POST), so long queries never hit a URL length limit.
 */
import http from 'node:http';

/** After a failure, a node is skipped this long (then tried again, or re-found by discovery). */
export const DOWN_BACKOFF_MS = 2_000;
/** How often the live node list is refreshed from the cluster. */
export const DISCOVERY_INTERVAL_MS = 5_000;
/**
 * One node's answer to a search or a get is awaited this long before the next node is asked: a
 * node that stops while it holds a request may never answer it, and the browser gives up at 10 s
 * (REQUEST_TIMEOUT_MS). Not much shorter: on an overloaded cluster every node is slow, and asking
 * another one only adds load (measured: with 4 s, bench/cluster-drills.ts on this busy machine
 * turned slow answers into a storm of retries). Admin calls and updates set their own.
 */
const DEFAULT_TIMEOUT_MS = 8_000;
/** The live node list is cluster state: slow under load, and never worth failing over fast. */
const DISCOVERY_TIMEOUT_MS = 30_000;
const MAX_SOCKETS_PER_NODE = 64;

export type SolrParams = Record<string, string | number | boolean | readonly (string | number)[]>;

/** The cluster answered, but with an error Inspo caused (4xx) or every node failed. */
export class SolrError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SolrError';
  }
}

/** No node of the cluster could be reached (or every one answered 5xx). */
export class SolrUnavailableError extends SolrError {
  constructor(message: string) {
    super(message, null);
    this.name = 'SolrUnavailableError';
  }
}

export interface SolrRequest {
  /** Under the node's base URL, e.g. `/inspo/select` or `/admin/collections`. */
  path: string;
  params?: SolrParams;
  /** A JSON body (updates); `params` then go in the query string. */
  json?: unknown;
  /** A raw body (a configset zip). */
  body?: Buffer;
  contentType?: string;
  timeoutMs?: number;
  /** GET instead of POST (admin APIs that only read). */
  method?: 'GET' | 'POST';
  /** This node only (a core's own view, distrib=false): no other node is tried. */
  node?: string;
}

export interface SolrClient {
  request<T = unknown>(request: SolrRequest): Promise<T>;
  /** Nodes known now (base URLs) and which of them are believed up. */
  nodes(): { url: string; up: boolean }[];
  /** Refreshes the node list from the cluster now. */
  discover(): Promise<void>;
  /**
   * Requests since start: answered, and how many of them another node answered after one failed
   * (`failedOver`); `failed`: no node could answer.
   */
  stats(): { requests: number; failedOver: number; failed: number };
  close(): void;
}

/** `127.0.0.1:8984_solr` (a live_nodes entry) → `http://127.0.0.1:8984/solr`. */
export function nodeNameToUrl(name: string): string {
  const underscore = name.indexOf('_');
  const hostPort = underscore < 0 ? name : name.slice(0, underscore);
  const context = underscore < 0 ? 'solr' : decodeURIComponent(name.slice(underscore + 1));
  return `http://${hostPort}/${context}`;
}

/** Comma-separated base URLs, trailing slashes dropped; throws a message naming the variable. */
export function parseSolrUrls(value: string, name = 'INSPO_SOLR_URL'): string[] {
  const urls = value
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u !== '');
  if (urls.length === 0) throw new Error(`${name} is empty; give one or more Solr node URLs.`);
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${name}: "${url}" is not a URL (e.g. http://127.0.0.1:8983/solr).`);
    }
    if (parsed.protocol !== 'http:')
      throw new Error(`${name}: "${url}" must be an http:// URL (TLS ends at a proxy).`);
  }
  return urls;
}

function encodeParams(params: SolrParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.append(key, String(value));
  }
  return search.toString();
}

interface RawAnswer {
  status: number;
  text: string;
}

export function createSolrClient({
  urls,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  discoverEveryMs = DISCOVERY_INTERVAL_MS,
}: {
  urls: readonly string[];
  timeoutMs?: number;
  /** 0: never refresh the node list in the background. */
  discoverEveryMs?: number;
}): SolrClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_NODE });
  const seeds = [...urls];
  let known = [...seeds];
  const downUntil = new Map<string, number>();
  let next = 0;
  let closed = false;
  const counts = { requests: 0, failedOver: 0, failed: 0 };

  const send = (base: string, req: SolrRequest): Promise<RawAnswer> =>
    new Promise((resolve, reject) => {
      const method = req.method ?? 'POST';
      const params = { wt: 'json', ...req.params };
      let path = `${base}${req.path}`;
      let body: Buffer | string | null = null;
      let contentType = req.contentType;
      if (req.json !== undefined) {
        path += `?${encodeParams(params)}`;
        body = JSON.stringify(req.json);
        contentType ??= 'application/json';
      } else if (req.body) {
        path += `?${encodeParams(params)}`;
        body = req.body;
        contentType ??= 'application/octet-stream';
      } else if (method === 'GET') {
        path += `?${encodeParams(params)}`;
      } else {
        body = encodeParams(params);
        contentType = 'application/x-www-form-urlencoded; charset=utf-8';
      }
      const request = http.request(
        path,
        {
          method,
          agent,
          timeout: req.timeoutMs ?? timeoutMs,
          headers: {
            accept: 'application/json',
            ...(body === null
              ? {}
              : { 'content-type': contentType!, 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no answer within ${req.timeoutMs ?? timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });

  /** Nodes to try, in order: the ones believed up (round-robin), then the ones marked down. */
  const order = (): string[] => {
    const now = Date.now();
    const up = known.filter((u) => (downUntil.get(u) ?? 0) <= now);
    const down = known.filter((u) => (downUntil.get(u) ?? 0) > now);
    const start = up.length === 0 ? 0 : next++ % up.length;
    return [...up.slice(start), ...up.slice(0, start), ...down];
  };

  const errorMessage = (text: string): string => {
    try {
      const parsed = JSON.parse(text) as { error?: { msg?: string } };
      if (parsed.error?.msg) return parsed.error.msg;
    } catch {
      // not JSON: the text itself
    }
    return text.slice(0, 300);
  };

  async function request<T>(req: SolrRequest): Promise<T> {
    if (closed) throw new SolrUnavailableError('the Solr client is closed');
    const failures: string[] = [];
    counts.requests++;
    for (const base of req.node ? [req.node] : order()) {
      if (failures.length > 0) counts.failedOver++;
      let answer: RawAnswer;
      try {
        answer = await send(base, req);
      } catch (error) {
        downUntil.set(base, Date.now() + DOWN_BACKOFF_MS);
        failures.push(`${base}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (answer.status >= 500) {
        // The node is up but cannot serve this (stopping, or a shard it needs is not active yet).
        downUntil.set(base, Date.now() + DOWN_BACKOFF_MS);
        failures.push(`${base}: HTTP ${answer.status} ${errorMessage(answer.text)}`);
        continue;
      }
      downUntil.delete(base);
      if (answer.status >= 400) {
        throw new SolrError(
          `Solr ${req.path}: HTTP ${answer.status}: ${errorMessage(answer.text)}`,
          answer.status,
        );
      }
      try {
        return JSON.parse(answer.text) as T;
      } catch {
        throw new SolrError(`Solr ${req.path}: the answer is not JSON`, answer.status);
      }
    }
    counts.failed++;
    throw new SolrUnavailableError(
      `no Solr node answered ${req.path} (${known.length} tried): ${failures.join('; ')}`,
    );
  }

  let discovering: Promise<void> | null = null;
  /** One discovery at a time: a slow cluster answers the one in flight for every caller. */
  const discover = (): Promise<void> =>
    (discovering ??= discoverNow().finally(() => {
      discovering = null;
    }));

  async function discoverNow(): Promise<void> {
    const status = await request<{ cluster?: { live_nodes?: string[] } }>({
      path: '/admin/collections',
      method: 'GET',
      params: { action: 'CLUSTERSTATUS' },
      timeoutMs: DISCOVERY_TIMEOUT_MS,
    });
    const live = (status.cluster?.live_nodes ?? []).map(nodeNameToUrl);
    if (live.length === 0) return;
    // Live nodes first; seeds stay known (a seed that restarts is found again).
    known = [...new Set([...live, ...seeds])];
    const liveSet = new Set(live);
    for (const url of known)
      if (!liveSet.has(url)) downUntil.set(url, Date.now() + DOWN_BACKOFF_MS);
    for (const url of live) downUntil.delete(url);
  }

  const timer =
    discoverEveryMs > 0
      ? setInterval(() => {
          discover().catch(() => {
            // Every node failed: requests say so; discovery tries again on the next tick.
          });
        }, discoverEveryMs)
      : null;
  timer?.unref();

  return {
    request,
    discover,
    stats: () => ({ ...counts }),
    nodes: () => {
      const now = Date.now();
      return known.map((url) => ({ url, up: (downUntil.get(url) ?? 0) <= now }));
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      agent.destroy();
    },
  };
}
