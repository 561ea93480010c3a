import type { LocalCloudPorts } from './localCloudPorts.ts';
import { isStillAlive, type NotedProcess } from './notedProcess.ts';
import { localCloudEndpointsFor } from './localCloudEndpointsFor.ts';
import { type LocalRunSnapshot, readLocalRunStats } from './stats/LocalRunStats.ts';

/** An `npm start` that runs, as its local cloud reports it. */
export type RunningNpmStart = NonNullable<LocalRunSnapshot['npmStart']>;

/**
 * The npm start a snapshot reports, unless it has begun to stop or its supervisor is gone (killed:
 * its parts then stop by themselves within seconds). A pid that another process took since counts
 * as gone: the report carries the supervisor's start time.
 *
 * @example
 * ```ts
 * const other = runningFrom(await readLocalRunStats(endpoint));
 * ```
 */
export const runningFrom = (
  snapshot: LocalRunSnapshot | undefined,
  alive: (noted: NotedProcess) => boolean = isStillAlive,
): RunningNpmStart | undefined => {
  const run = snapshot?.npmStart;
  return run === undefined ||
    run.stopping === true ||
    !alive({ pid: run.pid, startTime: run.pidStartTime })
    ? undefined
    : run;
};

/**
 * The npm start whose local cloud answers on `ports`, when it runs and is not stopping; undefined
 * when nothing answers there within `timeoutMs`, when what answers is not npm start's local cloud
 * (a standalone one, one run with `--no-iam`, another program), or when that npm start is stopping.
 *
 * @example
 * ```ts
 * const other = await runningNpmStart(requestedPorts);
 * if (other !== undefined) throw new LocalCloudError(`npm start already runs (pid ${other.pid})`);
 * ```
 */
export const runningNpmStart = async (
  ports: LocalCloudPorts,
  // Generous for a busy machine: a local cloud that answers nothing (stopped) only delays the
  // wait that follows.
  timeoutMs = 3_000,
): Promise<RunningNpmStart | undefined> => {
  try {
    return runningFrom(await readLocalRunStats(localCloudEndpointsFor(ports).sqs, timeoutMs));
  } catch {
    return undefined;
  }
};
