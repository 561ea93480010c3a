import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./initProbe.ts', import.meta.url));

/** A bundle to start cold, in the environment its function has. */
export interface InitTarget {
  readonly id: string;
  /** The bundle's absolute path. */
  readonly bundlePath: string;
  /** The handler's export name. */
  readonly exportName: string;
  /** The whole environment of the process (nothing is inherited). */
  readonly environment: Readonly<Record<string, string>>;
  /** The working directory: the unpacked zip, as `/var/task` in Lambda. */
  readonly cwd: string;
}

/** One cold start, in a fresh process; `nodeArguments` go before the probe (`--cpu-prof` …). */
export const startCold = async (
  target: InitTarget,
  nodeArguments: readonly string[] = [],
): Promise<number> => {
  const { stdout } = await run(
    process.execPath,
    [...nodeArguments, probe, target.bundlePath, target.exportName],
    { env: target.environment, cwd: target.cwd, timeout: 120_000 },
  );
  const { initMs } = JSON.parse(stdout) as { initMs: number };
  return initMs;
};

/** The median of a non-empty list. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

/**
 * Cold init times of every target, `runs` each, one fresh process at a time and interleaved: each
 * round starts every target once, in an order rotated by one per round, so that a slow spell of a
 * busy machine spreads over all targets instead of falling on one.
 */
export const measureInitTimes = async (
  targets: readonly InitTarget[],
  runs: number,
  onRound: (round: number) => void = () => undefined,
): Promise<ReadonlyMap<string, readonly number[]>> => {
  const times = new Map<string, number[]>(targets.map((target) => [target.id, []]));
  for (let round = 0; round < runs; round += 1) {
    for (let index = 0; index < targets.length; index += 1) {
      const target = targets[(index + round) % targets.length];
      if (target === undefined) continue;
      times.get(target.id)?.push(await startCold(target));
    }
    onRound(round + 1);
  }
  return times;
};
