/**
 * The Solr client against fake Solr nodes over real HTTP (node:http on loopback): failover, the
 * rounds while a shard has no live copy, and the bounds that keep an overloaded cluster from
 * being made worse — one deadline per request counted from the call (a wait for a free
 * connection included) and a retry budget shared by all requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSolrClient,
  RetryBudget,
  SolrError,
  SolrUnavailableError,
  type SolrClient,
} from './solr-client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
const clients: SolrClient[] = [];

/** A fake node; resolves with its base URL and a count of the requests it received. */
async function fakeNode(handler: Handler): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    // Drain the body first: a handler may answer at once or never.
    req.resume();
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/solr`, hits: () => hits };
}

/** A port with nothing listening (a node that is down). */
async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/solr`;
}

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true }));
};
const unavailable: Handler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { msg: 'no servers hosting shard: shard2' } }));
};
/** Never answers (a node that stopped while holding the request, or one far behind). */
const silent: Handler = () => {};

function client(options: Parameters<typeof createSolrClient>[0]): SolrClient {
  const c = createSolrClient({ discoverEveryMs: 0, ...options });
  clients.push(c);
  return c;
}

/** Settles `p`; resolves with how long it took and its error, if any. */
async function timed(p: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await p;
    return { ms: performance.now() - started, error: null };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

describe('failover', () => {
  it('sends a read to the next node when one is down, and counts it', async () => {
    const down = await closedPort();
    const up = await fakeNode(ok);
    const c = client({ urls: [down, up.url] });
    // Whichever node round-robin starts with, both requests are answered.
    await expect(c.request({ path: '/x/select' })).resolves.toEqual({ ok: true });
    await expect(c.request({ path: '/x/select' })).resolves.toEqual({ ok: true });
    expect(c.stats()).toMatchObject({ requests: 2, failed: 0 });
    expect(c.stats().failedOver).toBeGreaterThanOrEqual(1);
  });

  it('never retries a 4xx answer (Inspo asked wrongly)', async () => {
    const a = await fakeNode((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { msg: 'undefined field nope' } }));
    });
    const b = await fakeNode(ok);
    const c = client({ urls: [a.url, b.url] });
    await expect(c.request({ path: '/x/select', node: a.url })).rejects.toThrow(
      /HTTP 400: undefined field nope/,
    );
    expect(a.hits() + b.hits()).toBe(1);
  });

  it('asks again after a pause while every node answers 5xx (a shard electing its leader)', async () => {
    // 503 on every node for 300 ms from the first request, then answers.
    let since: number | null = null;
    const electing: Handler = (req, res) =>
      (Date.now() - (since ??= Date.now()) < 300 ? unavailable : ok)(req, res);
    const nodes = await Promise.all([fakeNode(electing), fakeNode(electing), fakeNode(electing)]);
    const c = client({ urls: nodes.map((n) => n.url) });
    await expect(c.request({ path: '/x/select' })).resolves.toEqual({ ok: true });
    expect(c.stats()).toMatchObject({ failedOver: 1, failed: 0 });
  });

  it('asks each node at most once for a request that must not be repeated', async () => {
    const nodes = await Promise.all([
      fakeNode(unavailable),
      fakeNode(unavailable),
      fakeNode(unavailable),
    ]);
    const c = client({ urls: nodes.map((n) => n.url) });
    const error = await c
      .request({ path: '/admin/collections', repeatable: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SolrUnavailableError);
    expect(nodes.map((n) => n.hits())).toEqual([1, 1, 1]);
    // What each node said, once each.
    expect((error as Error).message).toMatch(/3 tries .*no servers hosting shard: shard2/);
  });
});

describe('bounds', () => {
  it('counts a try from the call, not from when a connection is free', async () => {
    // One connection to the node: the second and third requests wait in the agent's queue.
    // Counted from the socket (Node's `timeout` option), they would fail at ~1 s and ~1.5 s.
    const node = await fakeNode(silent);
    const c = client({ urls: [node.url], timeoutMs: 500, maxSocketsPerNode: 1 });
    const runs = await Promise.all(
      [1, 2, 3].map(() => timed(c.request({ path: '/x/select', repeatable: false }))),
    );
    for (const run of runs) {
      expect(run.error).toBeInstanceOf(SolrUnavailableError);
      expect((run.error as Error).message).toMatch(/no answer within 500 ms/);
      expect(run.ms).toBeLessThan(950);
    }
  });

  it('ends every try of a request by its deadline, over all nodes and rounds', async () => {
    const nodes = await Promise.all([fakeNode(silent), fakeNode(silent), fakeNode(silent)]);
    const c = client({ urls: nodes.map((n) => n.url), timeoutMs: 400, deadlineMs: 600 });
    // Without a deadline: 3 nodes × 400 ms, then more rounds.
    const run = await timed(c.request({ path: '/x/select' }));
    expect(run.error).toBeInstanceOf(SolrUnavailableError);
    expect((run.error as Error).message).toMatch(/deadline of 600 ms reached/);
    expect(run.ms).toBeLessThan(1_000);
    // The first node for 400 ms, the second for what was left (if the machine is slow, none).
    expect(nodes.reduce((n, node) => n + node.hits(), 0)).toBeLessThanOrEqual(2);
  });

  it('holds retries back when every node fails everything: no storm on a sick cluster', async () => {
    const nodes = await Promise.all([
      fakeNode(unavailable),
      fakeNode(unavailable),
      fakeNode(unavailable),
    ]);
    const budget = new RetryBudget({ ratio: 0.2, floorPerS: 0, cap: 10 });
    const c = client({ urls: nodes.map((n) => n.url), retryBudget: budget });
    const requests = 50;
    const errors = await Promise.all(
      Array.from({ length: requests }, () => c.request({ path: '/x/select' }).catch((e) => e)),
    );
    for (const e of errors) expect(e).toBeInstanceOf(SolrError);
    const sent = nodes.reduce((n, node) => n + node.hits(), 0);
    // Each request once, plus the budget: 10 saved and 0.2 earned by each request. Without a
    // budget: 3 nodes × 6 rounds = 18 tries a request.
    expect(sent).toBeLessThanOrEqual(requests + 10 + requests * 0.2);
    expect(c.stats().retriesHeldBack).toBeGreaterThan(0);
    expect(errors.some((e) => /no retry left in the budget/.test((e as Error).message))).toBe(true);
  });

  it('still fails over every request caught by a node that stops (within the budget)', async () => {
    // 30 requests in flight when a node goes: each retried once on another node.
    const stopping = await fakeNode((_req, res) => res.socket?.destroy());
    const up = await fakeNode(ok);
    const c = client({ urls: [stopping.url, up.url] });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => c.request({ path: '/x/select' })),
    );
    expect(answers).toHaveLength(30);
    expect(c.stats()).toMatchObject({ failed: 0, retriesHeldBack: 0 });
  });
});

describe('RetryBudget', () => {
  it('starts full, earns a share per request and a floor per second, up to its cap', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.5, floorPerS: 1, cap: 2 }, () => now);
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
    now += 1_000;
    expect(budget.withdraw()).toBe(true);
    now += 60_000;
    for (let i = 0; i < 10; i++) budget.deposit();
    expect([budget.withdraw(), budget.withdraw(), budget.withdraw()]).toEqual([true, true, false]);
  });
});
