/**
 * CPU time of other processes (Linux /proc), for benches that run a server or the cluster JVM
 * beside themselves: how much of the machine each part of a run used.
 */
import fs from 'node:fs';
import path from 'node:path';

/** CPU time (user + system, ms) a process has used so far; -1 when unknown (gone, not Linux). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return -1;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and
    // 13th, in clock ticks (100 a second on Linux).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return -1;
  }
}

/**
 * The pid of the cluster JVM that `npm run cluster` started (cluster.json in the launcher's
 * directory: INSPO_CLUSTER_DIR, default data/cluster); undefined when unknown.
 */
export function clusterPid(): number | undefined {
  try {
    const { pid } = JSON.parse(
      fs.readFileSync(
        path.resolve(process.env.INSPO_CLUSTER_DIR ?? 'data/cluster', 'cluster.json'),
        'utf8',
      ),
    ) as { pid: number };
    return pid;
  } catch {
    return undefined;
  }
}

/** The cluster JVM's CPU time so far (ms); -1 when unknown. */
export const clusterCpuMs = (): number => processCpuMs(clusterPid());

/** CPU time (ms) all the machine's cores have been busy so far, every process included; -1 when unknown. */
export function machineBusyMs(): number {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
  } catch {
    return -1;
  }
}
