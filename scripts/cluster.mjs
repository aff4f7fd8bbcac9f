#!/usr/bin/env node
/**
 * `npm run cluster`: builds the cluster launcher (cluster/launcher, Maven, every artifact pinned
 * in its pom.xml and resolved from Maven Central) when its sources changed, then starts a local
 * SolrCloud cluster — an embedded ZooKeeper and 3 Solr nodes on 8983–8985 — in this terminal.
 * Ctrl-C (or SIGTERM) stops it cleanly.
 *
 *   npm run cluster -- [--nodes N] [--port P] [--control-port C] [--dir DIR]
 *   npm run cluster -- --build-only      build the launcher and exit (CI does this first, timed)
 *
 * Env: INSPO_CLUSTER_HEAP (the JVM's -Xmx, default 2g). Then, in another terminal:
 *   INSPO_ENGINE=solr npm run index      build the index into the cluster (a new collection, then the alias)
 *   INSPO_ENGINE=solr npm run serve      serve it
 * Plain Node ESM so it runs before anything is compiled.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtimeMs } from './lib/build-freshness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const launcherDir = join(root, 'cluster', 'launcher');
const target = join(launcherDir, 'target');
const classpathFile = join(target, 'classpath.txt');
const jar = join(target, 'inspo-cluster.jar');

function fail(message) {
  console.error(`[cluster] ${message}`);
  process.exit(1);
}

function needsBuild() {
  if (!existsSync(classpathFile) || !existsSync(jar)) return true;
  const built = statSync(jar).mtimeMs;
  return (
    newestMtimeMs(join(launcherDir, 'pom.xml')) > built ||
    newestMtimeMs(join(launcherDir, 'src')) > built
  );
}

function requireTool(command, args, what) {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    fail(
      `${command} not found: the cluster needs ${what} (on Debian: apt-get install -y ${what === 'Java 17' ? 'openjdk-17-jre-headless' : 'maven'}).`,
    );
}

const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');
const launcherArgs = args.filter((a) => a !== '--build-only');

requireTool('java', ['-version'], 'Java 17');
if (needsBuild()) {
  requireTool('mvn', ['-v'], 'Maven');
  const started = performance.now();
  console.log(
    '[cluster] building the launcher (Maven resolves Solr 9.10.1 from Maven Central the first time)…',
  );
  const build = spawnSync(
    'mvn',
    ['-B', '-q', '-Dstyle.color=never', '-f', join(launcherDir, 'pom.xml'), 'package'],
    {
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) fail("the launcher did not build (see Maven's output above).");
  console.log(`[cluster] launcher built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if (buildOnly) process.exit(0);

const classpath = [join(target, 'classes'), readFileSync(classpathFile, 'utf8').trim()].join(
  delimiter,
);
const child = spawn(
  'java',
  [
    `-Xmx${process.env.INSPO_CLUSTER_HEAP || '2g'}`,
    `-Djava.util.logging.config.file=${join(launcherDir, 'src', 'main', 'resources', 'logging.properties')}`,
    '-cp',
    classpath,
    'inspo.cluster.Launcher',
    ...launcherArgs,
  ],
  { cwd: root, stdio: 'inherit' },
);
// Passed on, not obeyed: the launcher stops its nodes and ZooKeeper, then exits, and so do we.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
