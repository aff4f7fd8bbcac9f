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
 * - Bounded, so that an overloaded cluster is not made worse: a request has one deadline for all
 *   of its tries, counted from the call (the wait for a free connection included), and the
 *   retries of all requests share a budget (RetryBudget): enough for every request caught by a
 *   node that stops, never a multiple of the traffic when every node is slow or failing.
 *
 * Keep-alive connections (one agent per client); bodies are JSON; parameters go as a form body
 * (POST), so long queries never hit a URL length limit.
 */
import http from 'node:http';
import { callDeadline, outsideDeadline } from './call-deadline';

/**
 * When every node failed, another round after this pause (× the round), while the request is
 * younger than RETRY_ROUNDS_MS: a shard whose leader just stopped is served again in a second or
 * two (a new leader elected), and every node answers 5xx for it meanwhile.
 */
const RETRY_PAUSE_MS = 250;
const RETRY_ROUNDS_MS = 4_000;
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
/**
 * All the tries of one request (the wait for a free connection, every node, the pauses between
 * rounds) end by then, unless its own per-node timeout is longer (admin calls): a little under
 * the browser's 10 s, so the server stops working for a reader who has gone.
 */
const DEFAULT_DEADLINE_MS = 9_000;
/**
 * The retry budget (Finagle's and gRPC's retry throttling): every request earns RETRY_RATIO of a
 * retry, and RETRY_FLOOR_PER_S are earned each second whatever the traffic, up to RETRY_CAP
 * saved. A node that stops fails the requests it holds once (a few dozen at most here, each
 * retried once on another node); a cluster that is slow or failing everywhere would otherwise
 * see each request three times (a timeout on each node) or more (rounds): a storm of retries
 * exactly when it has the least to spare. A retry beyond the budget is not sent; the request
 * fails with what the nodes said.
 */
export const RETRY_RATIO = 0.2;
export const RETRY_FLOOR_PER_S = 10;
export const RETRY_CAP = 100;
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

/**
 * No node of the cluster could be reached (or every one answered 5xx, or none in time). The HTTP
 * server answers it 503 with Retry-After (statusCode): the cluster may serve again in a moment.
 */
export class SolrUnavailableError extends SolrError {
  readonly statusCode = 503;
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
  /**
   * false: asked at most once per node (creating or deleting a collection, uploading a
   * configset). Reads, updates by id and alias moves may be repeated.
   */
  repeatable?: boolean;
  /** All tries end by then (ms from the call); default the larger of DEFAULT_DEADLINE_MS and timeoutMs. */
  deadlineMs?: number;
}

export interface SolrClient {
  request<T = unknown>(request: SolrRequest): Promise<T>;
  /** Nodes known now (base URLs) and which of them are believed up. */
  nodes(): { url: string; up: boolean }[];
  /** Refreshes the node list from the cluster now. */
  discover(): Promise<void>;
  /**
   * Requests since start: answered, and how many of them another node answered after one failed
   * (`failedOver`); `failed`: no node could answer; `retriesHeldBack`: retries the budget refused.
   */
  stats(): { requests: number; failedOver: number; failed: number; retriesHeldBack: number };
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

/** Retries allowed now (see RETRY_RATIO): a token bucket filled by requests and by time. */
export class RetryBudget {
  private tokens: number;
  private last: number;
  constructor(
    private readonly options: { ratio: number; floorPerS: number; cap: number } = {
      ratio: RETRY_RATIO,
      floorPerS: RETRY_FLOOR_PER_S,
      cap: RETRY_CAP,
    },
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = options.cap;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(
      this.options.cap,
      this.tokens + ((t - this.last) / 1000) * this.options.floorPerS,
    );
    this.last = t;
  }
  /** A request was sent: it earns its share of a retry. */
  deposit(): void {
    this.refill();
    this.tokens = Math.min(this.options.cap, this.tokens + this.options.ratio);
  }
  /** May one retry be sent? (It is then spent.) */
  withdraw(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export function createSolrClient({
  urls,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  deadlineMs = DEFAULT_DEADLINE_MS,
  discoverEveryMs = DISCOVERY_INTERVAL_MS,
  retryBudget = new RetryBudget(),
  maxSocketsPerNode = MAX_SOCKETS_PER_NODE,
}: {
  urls: readonly string[];
  /** One node's answer is awaited this long (a request's `timeoutMs` overrides it). */
  timeoutMs?: number;
  /** All tries of a request end by then (a request's `deadlineMs` overrides it). */
  deadlineMs?: number;
  /** 0: never refresh the node list in the background. */
  discoverEveryMs?: number;
  retryBudget?: RetryBudget;
  maxSocketsPerNode?: number;
}): SolrClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxSocketsPerNode });
  const seeds = [...urls];
  let known = [...seeds];
  const downUntil = new Map<string, number>();
  let next = 0;
  let closed = false;
  const counts = { requests: 0, failedOver: 0, failed: 0, retriesHeldBack: 0 };

  /**
   * One try on one node, `limitMs` from now. Counted from here, not from the socket: with
   * maxSocketsPerNode requests in flight the rest wait in the agent's queue, and Node's own
   * `timeout` option would only start once a socket is free (an unbounded wait).
   */
  const send = (base: string, req: SolrRequest, limitMs: number): Promise<RawAnswer> =>
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
      let timer: NodeJS.Timeout | undefined = undefined;
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      };
      const request = http.request(
        path,
        {
          method,
          agent,
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
          response.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
          response.on('error', fail);
        },
      );
      timer = setTimeout(() => {
        // Settled here, whatever the socket does next (queued, connecting, half an answer read).
        const error = new Error(`no answer within ${Math.round(limitMs)} ms`);
        fail(error);
        request.destroy(error);
      }, limitMs);
      request.on('error', fail);
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
    counts.requests++;
    retryBudget.deposit();
    const perNodeMs = req.timeoutMs ?? timeoutMs;
    const started = Date.now();
    // The request's own deadline, or the call's it serves (call-deadline.ts) if that is sooner.
    const deadline = Math.min(
      started + (req.deadlineMs ?? Math.max(deadlineMs, perNodeMs)),
      callDeadline() ?? Number.POSITIVE_INFINITY,
    );
    // What each node said, once per distinct message (rounds repeat them), with how often.
    const failures = new Map<string, number>();
    const failed = (message: string) => failures.set(message, (failures.get(message) ?? 0) + 1);
    let tries = 0;
    let stop: string | null = null;
    // Rounds over the nodes: while a node stops, the others may answer 5xx for a moment (a shard
    // copy they forward to is going down, the cluster state not updated yet); a short pause and
    // another round then succeeds. Only requests that may be repeated get more than one round.
    for (let round = 0; stop === null; round++) {
      for (const base of req.node ? [req.node] : order()) {
        const left = deadline - Date.now();
        if (left <= 0) {
          stop = `deadline of ${deadline - started} ms reached`;
          break;
        }
        if (tries > 0 && !retryBudget.withdraw()) {
          counts.retriesHeldBack++;
          stop = 'no retry left in the budget: the cluster is failing many requests (overloaded?)';
          break;
        }
        tries++;
        let answer: RawAnswer;
        try {
          answer = await send(base, req, Math.min(perNodeMs, left));
        } catch (error) {
          downUntil.set(base, Date.now() + DOWN_BACKOFF_MS);
          failed(`${base}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        if (answer.status >= 500) {
          // The node is up but cannot serve this (stopping, or a shard it needs is not active yet).
          downUntil.set(base, Date.now() + DOWN_BACKOFF_MS);
          failed(`${base}: HTTP ${answer.status} ${errorMessage(answer.text)}`);
          continue;
        }
        downUntil.delete(base);
        if (answer.status >= 400) {
          throw new SolrError(
            `Solr ${req.path}: HTTP ${answer.status}: ${errorMessage(answer.text)}`,
            answer.status,
          );
        }
        if (failures.size > 0) counts.failedOver++;
        try {
          return JSON.parse(answer.text) as T;
        } catch {
          throw new SolrError(`Solr ${req.path}: the answer is not JSON`, answer.status);
        }
      }
      if (stop !== null || req.repeatable === false) break;
      const pause = RETRY_PAUSE_MS * (round + 1);
      if (Date.now() - started + pause > RETRY_ROUNDS_MS || Date.now() + pause >= deadline) break;
      void discover().catch(() => {});
      await new Promise((r) => setTimeout(r, pause));
    }
    counts.failed++;
    const said = [...failures].map(([m, n]) => (n > 1 ? `${m} (×${n})` : m)).join('; ');
    throw new SolrUnavailableError(
      `no Solr node answered ${req.path} (${tries} tries in ${Date.now() - started} ms over ${known.length} node${known.length === 1 ? '' : 's'}${stop ? `; ${stop}` : ''}): ${said}`,
    );
  }

  let discovering: Promise<void> | null = null;
  /**
   * One discovery at a time: a slow cluster answers the one in flight for every caller. It serves
   * them all, so no one call's deadline cuts it short.
   */
  const discover = (): Promise<void> =>
    (discovering ??= outsideDeadline(discoverNow).finally(() => {
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
