/**
 * Fault drills for the cluster engine (INSPO_ENGINE=solr), bounded, on this machine:
 *
 *   1. node-stop  — 60 s of mixed load at 200 requests/s on loopback (suggest, search, pin
 *                   closeups, related pins); a third of the way in, one Solr node of the three is
 *                   stopped (the launcher's control endpoint) and stays down to the end. Target:
 *                   no failed search, before or after failover.
 *   2. reindex    — the same load; a few seconds in, the same build is published again
 *                   (`npm run index`'s path: a new collection, then the alias moves) while the
 *                   server serves. Target: no failed search, and the server ends on the new build.
 *   3. down-at-start — the server started against a cluster that is not there: a clear message,
 *                   exit code 69 (EX_UNAVAILABLE), no stack trace.
 *
 * NEEDS A RUNNING CLUSTER started by `npm run cluster` (its control endpoint stops and restarts a
 * node; INSPO_CLUSTER_CONTROL, default http://127.0.0.1:8982). The corpus is the openmoji test
 * index, published under alias `drill`. The Inspo server is the real one (src/server/main.ts, a
 * child process) with its result cache, and the traffic is like real traffic (buildTraffic): half
 * the searches and related requests are popular ones the cache answers, the rest (--tail, 10 %) a
 * long tail that reaches the cluster; the server's own count of requests to the cluster (and of
 * those another node answered after one failed) is recorded with each drill.
 *
 * The load is open-loop: a request every 5 ms whatever the answers do, so a stall shows as
 * latency and errors, not as a slower sender. A failed request is a connection error, a timeout
 * (10 s, the SPA's own) or any non-2xx answer.
 *
 *   npx tsx bench/cluster-drills.ts [--duration 60] [--rate 200] [--tail 0.1]
 *                                   [--only baseline,node-stop,reindex,down-at-start]
 * `baseline` runs the same load on the embedded engine first: what this machine can serve at all.
 * Each drill records where the CPU went (API server, cluster JVM, this generator, other work; in
 * cores) and how late this generator's timers ran: a machine too busy for the load shows there,
 * not as a defect. Results are written after every drill, so a run cut off keeps what it measured.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { API_PREFIX } from '@/contract/api';
import { seededRandom } from '@/lib/random/seeded-random';
import { collectionHealth, resolveAlias, waitForActive } from '@/server/cluster/collections';
import { createSolrClient, nodeNameToUrl } from '@/server/cluster/solr-client';
import { indexPath } from '@/server/engine/schema';
import { publishToCluster } from '@/server/ingest/publish-cluster';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { engineConfigFromEnv } from '@/server/service/engine-config';
import { SERVER_NODE_ARGS } from '../scripts/lib/server-node-args.mjs';
import { drawQueries } from './lib/draw-queries';
import { clusterCpuMs, clusterPid, machineBusyMs, processCpuMs } from './lib/process-cpu';
import { writeResult } from './lib/results';
import { summarize } from './lib/stats';

const SEED = 20_261_207;
const ALIAS = 'drill';
const DEFAULT_DURATION_S = 60;
const DEFAULT_RATE = 200;
const REQUEST_TIMEOUT_MS = 10_000;
/** Popular queries and pins (answered from the result cache after their first time). */
const POPULAR_QUERIES = 40;
const POPULAR_PINS = 40;
/**
 * Share of searches and related requests from the long tail (each asked once, so the cluster
 * answers them; the rest are popular and cached after their first time). `--tail` changes it.
 */
const DEFAULT_TAIL_SHARE = 0.1;
/**
 * The node stopped in the node-stop drill (1-based; node 1 is the seed URL, so stop another). It
 * is made the leader of one shard first (leadShardOn): losing a leader is the hard case (the
 * shard elects a new one, and Solr serves some requests from leaders only), and where the
 * leaders of a fresh collection land is up to Solr.
 */
const STOPPED_NODE = 2;
const MIX = [
  ['suggest', 0.4],
  ['search', 0.35],
  ['pin', 0.125],
  ['related', 0.125],
] as const;
type Route = (typeof MIX)[number][0];

const control = (process.env.INSPO_CLUSTER_CONTROL ?? 'http://127.0.0.1:8982').replace(/\/+$/, '');
const loadavg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

interface Sample {
  route: Route;
  at: number;
  ms: number;
  status: number;
  error: string | null;
  /** The request needed a new connection (no idle keep-alive socket was free). */
  newConnection: boolean;
  /**
   * Where a request that failed was when it failed: `connect` (its new connection was never
   * accepted: the server's listen queue), `response` (sent, no answer yet: the server), `body`.
   */
  stuckIn: 'connect' | 'response' | 'body' | null;
}

async function controlCall(pathname: string, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${control}${pathname}`, {
    method,
    signal: AbortSignal.timeout(180_000),
  });
  if (!response.ok)
    throw new Error(`control ${pathname}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Children of this run (servers, a reindex): stopped with it, so a run that is cut off leaves none behind. */
const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(130);
  });
const track = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

/** The real server on INSPO_ENGINE=solr, alias `drill`; resolves with its port. */
async function startServer(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-drill-'));
  const child = spawn(
    process.execPath,
    [
      ...SERVER_NODE_ARGS,
      // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": where the server's CPU goes under the drill.
      ...(process.env.INSPO_DRILL_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'src/server/main.ts',
    ],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        INSPO_DATA_DIR: dataDir,
        INSPO_STATE_DIR: stateDir,
        INSPO_DIST_DIR: path.join(stateDir, 'no-dist'),
        INSPO_RATE_LIMIT_MAX: '10000000',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  track(child);
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { child, port, log: () => output };
}

/**
 * Request paths for the load, like real traffic: most searches are popular queries, which the
 * server's result cache answers after the first time; a share (`tailShare`) are a long tail of
 * queries each asked once, which reach the cluster. Related pins the same way (popular pins, and a
 * tail). Closeups of any pin. Suggest: prefixes as typed.
 */
function buildTraffic(queries: string[], pinIds: string[], seed: number, tailShare: number) {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const popular = queries.slice(0, POPULAR_QUERIES);
  const tail = queries.slice(POPULAR_QUERIES);
  const popularPins = pinIds.slice(0, POPULAR_PINS);
  let nextTail = 0;
  let nextTailPin = 0;
  return (): { route: Route; path: string } => {
    let roll = random();
    let route: Route = 'suggest';
    for (const [name, share] of MIX) {
      if (roll < share) {
        route = name;
        break;
      }
      roll -= share;
    }
    const fromTail = random() < tailShare;
    switch (route) {
      case 'suggest': {
        const q = pick(queries);
        return {
          route,
          path: `${API_PREFIX}/suggest?${new URLSearchParams({ q: q.slice(0, 1 + Math.floor(random() * q.length)) })}`,
        };
      }
      case 'search': {
        const q = fromTail ? tail[nextTail++ % tail.length]! : pick(popular);
        return { route, path: `${API_PREFIX}/search?${new URLSearchParams({ q })}` };
      }
      case 'pin':
        return { route, path: `${API_PREFIX}/pins/${encodeURIComponent(pick(pinIds))}` };
      case 'related': {
        const id = fromTail ? pinIds[nextTailPin++ % pinIds.length]! : pick(popularPins);
        return { route, path: `${API_PREFIX}/pins/${encodeURIComponent(id)}/related` };
      }
    }
  };
}

/**
 * A server in steady state has its popular queries and pins cached: ask each once, one at a time,
 * before a drill (the drill measures failover, not a cold start's burst).
 */
async function warm(base: string, queries: string[], pinIds: string[]): Promise<void> {
  for (const q of queries.slice(0, POPULAR_QUERIES))
    await fetch(`${base}${API_PREFIX}/search?${new URLSearchParams({ q })}`).then((r) =>
      r.arrayBuffer(),
    );
  for (const id of pinIds.slice(0, POPULAR_PINS))
    await fetch(`${base}${API_PREFIX}/pins/${encodeURIComponent(id)}/related`).then((r) =>
      r.arrayBuffer(),
    );
}

/**
 * Makes the node at `nodeUrl` the leader of one shard of `collection` (Solr's preferredLeader
 * property, then REBALANCELEADERS), unless it leads one already; resolves with the shards it leads.
 */
async function leadShardOn(
  client: ReturnType<typeof createSolrClient>,
  collection: string,
  nodeUrl: string,
): Promise<string[]> {
  type Status = {
    cluster: {
      collections: Record<
        string,
        {
          shards: Record<
            string,
            { replicas: Record<string, { node_name: string; leader?: string }> }
          >;
        }
      >;
    };
  };
  const led = async () => {
    const status = await client.request<Status>({
      path: '/admin/collections',
      method: 'GET',
      params: { action: 'CLUSTERSTATUS', collection },
    });
    const shards = Object.entries(status.cluster.collections[collection]!.shards);
    const mine = shards.flatMap(([shard, { replicas }]) =>
      Object.entries(replicas)
        .filter(([, r]) => nodeNameToUrl(r.node_name) === nodeUrl)
        .map(([replica, r]) => ({ shard, replica, leader: r.leader === 'true' })),
    );
    return mine;
  };
  const mine = await led();
  if (!mine.some((r) => r.leader)) {
    const target = mine[0];
    if (!target) throw new Error(`${nodeUrl} holds no copy of ${collection}`);
    await client.request({
      path: '/admin/collections',
      params: {
        action: 'ADDREPLICAPROP',
        collection,
        shard: target.shard,
        replica: target.replica,
        property: 'preferredLeader',
        'property.value': 'true',
      },
    });
    await client.request({
      path: '/admin/collections',
      params: { action: 'REBALANCELEADERS', collection },
      timeoutMs: 60_000,
    });
  }
  return (await led()).filter((r) => r.leader).map((r) => r.shard);
}

/** Failed requests per 5 s of the run: when they happened. */
function failuresOverTime(samples: Sample[]): number[] {
  const bins: number[] = [];
  for (const s of samples) {
    if (s.error === null && s.status >= 200 && s.status < 300) continue;
    const bin = Math.floor(s.at / 5000);
    while (bins.length <= bin) bins.push(0);
    bins[bin]!++;
  }
  return bins;
}

/** The server's count of requests to the cluster (GET /api/ready's detail, solr-engine.ts). */
async function clusterRequests(
  base: string,
): Promise<{ requests: number; failedOver: number; failed: number }> {
  const { detail } = (await (await fetch(`${base}/api/ready`)).json()) as { detail: string };
  const match =
    /(\d+) requests to the cluster, (\d+) answered by another node after a failure, (\d+) failed/.exec(
      detail,
    );
  if (!match) throw new Error(`no request counts in /api/ready: ${detail}`);
  return { requests: Number(match[1]), failedOver: Number(match[2]), failed: Number(match[3]) };
}

const delta = (a: { requests: number; failedOver: number; failed: number }, b: typeof a) => ({
  requests: b.requests - a.requests,
  failedOver: b.failedOver - a.failedOver,
  failed: b.failed - a.failed,
});

function send(
  agent: http.Agent,
  port: number,
  route: Route,
  pathname: string,
  t0: number,
): Promise<Sample> {
  const at = performance.now() - t0;
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let newConnection = false;
    let phase: Exclude<Sample['stuckIn'], null> = 'connect';
    const done = (status: number, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const failed = error !== null || status < 200 || status >= 300;
      resolve({
        route,
        at,
        ms: performance.now() - started,
        status,
        error,
        newConnection,
        stuckIn: failed ? phase : null,
      });
    };
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent }, (response) => {
      phase = 'body';
      response.resume();
      response.on('end', () => done(response.statusCode ?? 0, null));
      response.on('error', (e) => done(0, e.message));
    });
    request.on('socket', (socket) => {
      if (request.reusedSocket) {
        phase = 'response';
        return;
      }
      newConnection = true;
      if (!socket.connecting) phase = 'response';
      else
        socket.once('connect', () => {
          if (phase === 'connect') phase = 'response';
        });
    });
    // The SPA gives up after 10 s (REQUEST_TIMEOUT_MS): so does this client, counted from sending.
    const deadline = setTimeout(() => {
      done(0, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
      request.destroy();
    }, REQUEST_TIMEOUT_MS);
    request.on('error', (e) => done(0, e.message));
  });
}

/**
 * Where the machine's CPU went during `run`, in cores (1 = one core busy the whole time): the API
 * server, the cluster JVM, this load generator, and everything else on the machine (other work);
 * and how late this generator's own timers ran (a generator starved of CPU sends late and reads
 * answers late: its timeouts are then its own). Tells an overloaded machine from a defect.
 */
async function measured<T>(serverPid: number | undefined, run: () => Promise<T>) {
  const cores = os.cpus().length;
  const lag = monitorEventLoopDelay({ resolution: 20 });
  const before = {
    server: processCpuMs(serverPid),
    cluster: clusterCpuMs(),
    generator: process.cpuUsage(),
    machine: machineBusyMs(),
  };
  const t0 = performance.now();
  lag.enable();
  const result = await run();
  lag.disable();
  const wall = performance.now() - t0;
  const share = (ms: number) => Math.round((ms / wall) * 100) / 100;
  const generatorUsage = process.cpuUsage(before.generator);
  const server = share(processCpuMs(serverPid) - before.server);
  const cluster = before.cluster < 0 ? null : share(clusterCpuMs() - before.cluster);
  const generator = share((generatorUsage.user + generatorUsage.system) / 1000);
  const machine = before.machine < 0 ? null : share(machineBusyMs() - before.machine);
  const niceOf = (pid: number | undefined): number | null => {
    try {
      return pid === undefined ? null : os.getPriority(pid);
    } catch {
      return null;
    }
  };
  return {
    result,
    /** The processes' nice values: the server and this generator inherit the run's (`nice -n 10`). */
    nice: {
      server: niceOf(serverPid),
      cluster: niceOf(clusterPid()),
      generator: niceOf(process.pid),
    },
    cpuCores: {
      of: cores,
      server,
      cluster,
      generator,
      machine,
      other:
        machine === null
          ? null
          : Math.round((machine - server - (cluster ?? 0) - generator) * 100) / 100,
    },
    generatorTimerLagMs: {
      p99: Math.round(lag.percentile(99) / 1e6),
      max: Math.round(lag.max / 1e6),
    },
  };
}

/**
 * The server seen from outside while a drill runs, to tell where a stuck request waited:
 * - a probe on a connection of its own asks /api/health (no engine call) every PROBE_EVERY_MS,
 *   one at a time: its slowest answer per second is how long the server's event loop was busy;
 * - the server's listen queue (ss): connections the kernel accepted that the server has not
 *   taken yet, the most per second, beside its backlog; and the machine's listen-queue
 *   overflows (nstat; machine-wide, so other work counts too): a full queue drops new
 *   connections, and the client retries them after 1, 3, 7 s.
 */
const PROBE_EVERY_MS = 100;
function watchServer(port: number, t0: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const probeMaxMs: number[] = [];
  const queueMax: number[] = [];
  let backlog: number | null = null;
  const overflowsAt = (): number => {
    try {
      const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n');
      const header = lines.find((l) => l.startsWith('TcpExt:'))!.split(/\s+/);
      const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]!.split(/\s+/);
      return Number(values[header.indexOf('ListenOverflows')]);
    } catch {
      return -1;
    }
  };
  const overflows0 = overflowsAt();
  const overflowsPerS: number[] = [];
  let lastOverflows = overflows0;
  const second = () => Math.floor((performance.now() - t0) / 1000);
  const note = (xs: number[], value: number) => {
    const i = second();
    while (xs.length <= i) xs.push(0);
    xs[i] = Math.max(xs[i]!, Math.round(value));
  };
  let running = true;
  const probe = async () => {
    while (running) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const request = http.get(
          { host: '127.0.0.1', port, path: '/api/health', agent, timeout: 15_000 },
          (response) => {
            response.resume();
            response.on('end', () => resolve());
            response.on('error', () => resolve());
          },
        );
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve());
      });
      note(probeMaxMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
    }
  };
  const probing = probe();
  const sampler = setInterval(() => {
    // ss -ltn: for a listening socket Recv-Q is the accept queue now, Send-Q its backlog.
    execFile('ss', ['-ltnH', `sport = :${port}`], (error, stdout) => {
      if (error) return;
      const [recvQ, sendQ] = stdout.trim().split(/\s+/).slice(1, 3).map(Number);
      if (recvQ === undefined || Number.isNaN(recvQ)) return;
      note(queueMax, recvQ);
      backlog = sendQ ?? null;
    });
    const now = overflowsAt();
    note(overflowsPerS, 0);
    overflowsPerS[overflowsPerS.length - 1]! += now - lastOverflows;
    lastOverflows = now;
  }, 100);
  return {
    stop() {
      running = false;
      clearInterval(sampler);
      void probing.then(() => agent.destroy());
      return {
        /** The slowest /api/health answer in each second of the run (ms). */
        probeMaxMsPerS: probeMaxMs,
        /** The most connections waiting in the server's listen queue in each second. */
        listenQueueMaxPerS: queueMax,
        listenBacklog: backlog,
        /** Listen-queue overflows on the whole machine in each second. */
        machineListenOverflowsPerS: overflowsPerS,
      };
    },
  };
}

/** Open-loop load for `durationS` seconds at `rate` requests/s; `events` run at their times (s). */
async function runLoad({
  port,
  next,
  durationS,
  rate,
  events,
}: {
  port: number;
  next: () => { route: Route; path: string };
  durationS: number;
  rate: number;
  events: { atS: number; name: string; run: () => Promise<unknown> }[];
}) {
  // As many connections as requests in flight: the server, not the client, is what queues.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
  const t0 = performance.now();
  const pending: Promise<Sample>[] = [];
  const happened: { name: string; startS: number; endS: number | null; error: string | null }[] =
    [];
  const eventRuns = events.map(
    (e) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const record = {
            name: e.name,
            startS: (performance.now() - t0) / 1000,
            endS: null as number | null,
            error: null as string | null,
          };
          happened.push(record);
          e.run().then(
            () => {
              record.endS = (performance.now() - t0) / 1000;
              resolve();
            },
            (error: unknown) => {
              record.error = error instanceof Error ? error.message : String(error);
              record.endS = (performance.now() - t0) / 1000;
              resolve();
            },
          );
        }, e.atS * 1000);
      }),
  );
  const watch = watchServer(port, t0);
  const interval = 1000 / rate;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - t0;
      if (elapsed >= durationS * 1000) return resolve();
      // Catch up after a late timer: every request is sent at (about) its own time.
      while (sent * interval <= elapsed) {
        const { route, path: p } = next();
        pending.push(send(agent, port, route, p, t0));
        sent++;
      }
      setTimeout(tick, Math.max(0, sent * interval - elapsed));
    };
    tick();
  });
  const samples = await Promise.all(pending);
  await Promise.all(eventRuns);
  agent.destroy();
  const server = watch.stop();
  const newConnections = samples.filter((x) => x.newConnection).length;
  return {
    samples,
    events: happened,
    seconds: (performance.now() - t0) / 1000,
    server: { ...server, newConnections },
  };
}

function report(samples: Sample[], from = 0) {
  const byRoute: Record<string, unknown> = {};
  for (const [route] of MIX) {
    const mine = samples.filter((s) => s.route === route && s.at >= from);
    const failed = mine.filter((s) => s.error !== null || s.status < 200 || s.status >= 300);
    byRoute[route] = {
      requests: mine.length,
      failed: failed.length,
      failures: [...new Set(failed.map((f) => f.error ?? `HTTP ${f.status}`))].slice(0, 5),
      /** When each failed request was sent, seconds into the run (the first 20). */
      failedAtS: failed.slice(0, 20).map((f) => Math.round(f.at / 100) / 10),
      /** Failed requests by where they were stuck, and how many of them needed a new connection. */
      failedStuckIn: Object.fromEntries(
        (['connect', 'response', 'body'] as const).map((phase) => [
          phase,
          failed.filter((f) => f.stuckIn === phase).length,
        ]),
      ),
      failedOnNewConnection: failed.filter((f) => f.newConnection).length,
      latencyMs: mine.length ? summarize(mine.map((s) => s.ms)) : null,
    };
  }
  return byRoute;
}

/**
 * A reindex as an operator runs it: `npm run index -- --publish-only` in a process of its own
 * (niced, as a batch job beside serving traffic); resolves with the new collection's name.
 */
function reindexInChild(
  dataDir: string,
  cluster: { urls: string[]; alias: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nice',
      [
        '-n',
        '19',
        process.execPath,
        '--import',
        'tsx',
        'src/server/ingest/cli.ts',
        '--data',
        dataDir,
        '--publish-only',
      ],
      {
        env: {
          ...process.env,
          INSPO_ENGINE: 'solr',
          INSPO_SOLR_URL: cluster.urls.join(','),
          INSPO_SOLR_ALIAS: cluster.alias,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    track(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => {
      const match = /Alias "[^"]+" → (\S+)/.exec(output);
      if (code === 0 && match) resolve(match[1]!);
      else reject(new Error(`the reindex exited ${code}:\n${output}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      rate: { type: 'string' },
      only: { type: 'string' },
      tail: { type: 'string' },
    },
  });
  const tailShare = values.tail ? Number(values.tail) : DEFAULT_TAIL_SHARE;
  const durationS = values.duration ? Number(values.duration) : DEFAULT_DURATION_S;
  const rate = values.rate ? Number(values.rate) : DEFAULT_RATE;
  const only = new Set((values.only ?? 'baseline,node-stop,reindex,down-at-start').split(','));
  const dataDir = await ensureTestIndex();
  const cluster = {
    ...engineConfigFromEnv({ ...process.env, INSPO_ENGINE: 'solr' }).cluster!,
    alias: ALIAS,
  };
  const client = createSolrClient({ urls: cluster.urls, discoverEveryMs: 0 });
  await client.discover();
  const results: Record<string, unknown> = {};
  /** Written after every drill: a run cut off midway (a time limit, a stuck reindex) keeps what it measured. */
  const save = (complete: boolean): string =>
    writeResult('cluster-drills', {
      command: `npx tsx bench/cluster-drills.ts --duration ${durationS} --rate ${rate} --tail ${tailShare}${values.only ? ` --only ${values.only}` : ''}`,
      complete,
      tailShare,
      corpus:
        'OpenMoji test index (2,465 pins), alias drill, 3 shards × 2 copies (TLOG), 3 nodes in one JVM on this machine',
      ...results,
    });

  // Every node up and the drill's build published (fresh: a drill starts from a healthy cluster).
  const status = (await controlCall('/status', 'GET')) as {
    nodes: { node: number; url: string; running: boolean }[];
  };
  for (const node of status.nodes)
    if (!node.running) await controlCall(`/nodes/${node.node}/start`);
  console.log('publishing the drill build…');
  await publishToCluster({ dataDir, cluster, client });

  const queries = drawQueries(dataDir, 4000, SEED);
  const server = await startServer(dataDir, {
    INSPO_ENGINE: 'solr',
    INSPO_SOLR_URL: cluster.urls.join(','),
    INSPO_SOLR_ALIAS: ALIAS,
  });
  const base = `http://127.0.0.1:${server.port}`;
  // Every pin of the index, in a seeded order: closeups and related pins of any of them.
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const allIds = db.prepare('SELECT id FROM pins').pluck().all() as string[];
  db.close();
  const shuffle = seededRandom(SEED + 1);
  const pinIds = allIds
    .map((id) => ({ id, key: shuffle() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.id);
  const traffic = buildTraffic(queries, pinIds, SEED, tailShare);
  await warm(base, queries, pinIds);

  try {
    if (only.has('baseline')) {
      // The same traffic on the embedded engine, same machine, same run: what the server alone does.
      const embedded = await startServer(dataDir, { INSPO_ENGINE: 'sqlite' });
      try {
        await warm(`http://127.0.0.1:${embedded.port}`, queries, pinIds);
        console.log(`baseline: ${durationS} s at ${rate}/s on the embedded engine…`);
        const before = loadavg();
        const { result: run, ...cpu } = await measured(embedded.child.pid, () =>
          runLoad({
            port: embedded.port,
            next: buildTraffic(queries, pinIds, SEED, tailShare),
            durationS,
            rate,
            events: [],
          }),
        );
        results.baselineEmbedded = {
          durationS: Math.round(run.seconds * 10) / 10,
          rate,
          all: report(run.samples),
          failuresPer5s: failuresOverTime(run.samples),
          server: run.server,
          ...cpu,
          loadavgBefore: before,
          loadavgAfter: loadavg(),
        };
        console.log(JSON.stringify(results.baselineEmbedded, null, 2));
        save(false);
      } finally {
        embedded.child.kill('SIGTERM');
      }
    }

    if (only.has('node-stop')) {
      const stopAtS = durationS / 3;
      console.log(
        `node-stop: ${durationS} s at ${rate}/s, node ${STOPPED_NODE} stops at ${stopAtS} s…`,
      );
      const stoppedUrl = status.nodes.find((n) => n.node === STOPPED_NODE)!.url;
      const ledShards = await leadShardOn(client, (await resolveAlias(client, ALIAS))!, stoppedUrl);
      console.log(`node ${STOPPED_NODE} leads ${ledShards.join(', ')}`);
      const before = loadavg();
      const requestsBefore = await clusterRequests(base);
      const { result: run, ...cpu } = await measured(server.child.pid, () =>
        runLoad({
          port: server.port,
          next: traffic,
          durationS,
          rate,
          events: [
            {
              atS: stopAtS,
              name: `stop node ${STOPPED_NODE}`,
              run: () => controlCall(`/nodes/${STOPPED_NODE}/stop`),
            },
          ],
        }),
      );
      const collection = await resolveAlias(client, ALIAS);
      const health = collection ? await collectionHealth(client, collection) : null;
      results.nodeStop = {
        durationS: Math.round(run.seconds * 10) / 10,
        rate,
        events: run.events,
        /** Shards whose leader was on the stopped node: each elects a new one. */
        stoppedNodeLed: ledShards,
        all: report(run.samples),
        afterStop: report(run.samples, stopAtS * 1000),
        failuresPer5s: failuresOverTime(run.samples),
        server: run.server,
        ...cpu,
        healthAfter: health,
        clusterRequests: delta(requestsBefore, await clusterRequests(base)),
        loadavgBefore: before,
        loadavgAfter: loadavg(),
      };
      console.log(JSON.stringify(results.nodeStop, null, 2));
      save(false);
      // Back to three nodes, every replica active, before the next drill.
      await controlCall(`/nodes/${STOPPED_NODE}/start`);
      if (collection) await waitForActive(client, collection, 180_000);
    }

    if (only.has('reindex')) {
      const reindexAtS = 5;
      console.log(
        `reindex: ${durationS} s at ${rate}/s, a new build published from ${reindexAtS} s…`,
      );
      const before = loadavg();
      const previous = await resolveAlias(client, ALIAS);
      const requestsBefore = await clusterRequests(base);
      let published: string | null = null;
      const { result: run, ...cpu } = await measured(server.child.pid, () =>
        runLoad({
          port: server.port,
          next: traffic,
          durationS,
          rate,
          events: [
            {
              atS: reindexAtS,
              name: 'npm run index -- --publish-only (INSPO_ENGINE=solr), a process of its own at low priority',
              run: async () => {
                published = await reindexInChild(dataDir, cluster);
              },
            },
          ],
        }),
      );
      const ready = (await (await fetch(`${base}/api/ready`)).json()) as { detail: string };
      results.reindex = {
        durationS: Math.round(run.seconds * 10) / 10,
        rate,
        events: run.events,
        previousCollection: previous,
        newCollection: published,
        serverServesNewBuild: published !== null && ready.detail.includes(published),
        readyAfter: ready,
        clusterRequests: delta(requestsBefore, await clusterRequests(base)),
        all: report(run.samples),
        failuresPer5s: failuresOverTime(run.samples),
        server: run.server,
        ...cpu,
        loadavgBefore: before,
        loadavgAfter: loadavg(),
      };
      console.log(JSON.stringify(results.reindex, null, 2));
      save(false);
    }
  } finally {
    server.child.kill('SIGTERM');
    client.close();
    // The server's own log (warnings and errors): why a request failed, if one did.
    fs.writeFileSync(path.join(os.tmpdir(), 'inspo-cluster-drills-server.log'), server.log());
  }

  if (only.has('down-at-start')) {
    // Nothing listens on this port: the cluster is "down".
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        INSPO_ENGINE: 'solr',
        INSPO_SOLR_URL: 'http://127.0.0.1:1/solr',
        PORT: '0',
        INSPO_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    results.downAtStart = {
      exitCode: code,
      message: stderr.trim(),
      stackTrace: /\n\s+at /.test(stderr),
      stdout: stdout.trim(),
      ms: Math.round(performance.now() - started),
    };
    console.log(JSON.stringify(results.downAtStart, null, 2));
    save(false);
  }

  console.log(`wrote ${save(true)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
