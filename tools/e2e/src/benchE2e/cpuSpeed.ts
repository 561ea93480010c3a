import { percentiles } from '../percentiles.ts';

/**
 * A fixed amount of CPU work: a xorshift generator stepped 24 million times. It touches no memory
 * beyond a few registers and allocates nothing, so garbage collection and where the heap lands
 * (which move a JSON or memory-bound workload by half or more from one process to the next here)
 * do not move it: it measures how fast the CPU runs for this process. Returns its last value, so
 * that the loop cannot be optimized away.
 */
export const referenceWorkload = (): number => {
  let x = 2_463_534_242;
  for (let step = 0; step < 24_000_000; step += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
  }
  return x;
};

/** How long the reference workload took in this process: each run, and their median. */
export interface CpuSpeed {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
}

/** What {@link measureCpuSpeed} runs and reads; the defaults are the real ones. */
export interface CpuSpeedOptions {
  readonly runs?: number;
  /** Untimed runs first: V8 takes a few to compile the workload fully. */
  readonly warmups?: number;
  readonly workload?: () => unknown;
  /** A clock in milliseconds. */
  readonly now?: () => number;
}

/**
 * Times a fixed CPU workload, after untimed runs that let V8 compile it. The same code on the
 * same machine takes the same time unless the machine itself gives it less CPU (a host busy with
 * other guests shows as no load here), so the figure says whether a slower run had a slower CPU.
 * Lower is faster; compare it only between runs on one machine.
 */
export const measureCpuSpeed = (options: CpuSpeedOptions = {}): CpuSpeed => {
  const {
    runs = 9,
    warmups = 3,
    workload = referenceWorkload,
    now = () => performance.now(),
  } = options;
  for (let warmup = 0; warmup < warmups; warmup += 1) workload();
  const runsMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = now();
    workload();
    runsMs.push(now() - start);
  }
  return { medianMs: percentiles(runsMs).p50, runsMs };
};
