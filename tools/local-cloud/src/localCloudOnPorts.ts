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

/** What answers as a local cloud on some ports, as a new npm start needs to know it. */
export interface LocalCloudOnPorts {
  /** The npm start it belongs to, when that runs and is not stopping. */
  readonly npmStart: RunningNpmStart | undefined;
  /**
   * A local cloud that runs on its own (`npm run local-cloud`): it answers and no npm start
   * reports to it. It keeps its ports, so waiting for them would only delay the refusal.
   */
  readonly alone: boolean;
}

/**
 * What answers as a local cloud on `ports`: the npm start it belongs to when that runs and is not
 * stopping, or whether it runs alone. Neither when nothing answers within `timeoutMs`, when what
 * answers is not a local cloud (or one run with `--no-iam`, which keeps no stats), or when its
 * npm start is stopping or gone.
 *
 * @example
 * ```ts
 * const { npmStart } = await localCloudOnPorts(requestedPorts);
 * if (npmStart !== undefined) throw new LocalCloudError(`npm start already runs (pid ${npmStart.pid})`);
 * ```
 */
export const localCloudOnPorts = async (
  ports: LocalCloudPorts,
  // Generous for a busy machine: a local cloud that answers nothing (stopped) only delays the
  // wait that follows.
  timeoutMs = 3_000,
): Promise<LocalCloudOnPorts> => {
  let snapshot: LocalRunSnapshot | undefined;
  try {
    snapshot = await readLocalRunStats(localCloudEndpointsFor(ports).sqs, timeoutMs);
  } catch {
    snapshot = undefined;
  }
  return {
    npmStart: runningFrom(snapshot),
    alone: snapshot !== undefined && snapshot.npmStart === undefined,
  };
};
