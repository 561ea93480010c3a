/**
 * How long a wait in these tests may last before it fails. Safety nets, not budgets: each wait
 * ends as soon as its condition holds, so these only decide how long a stuck run takes to fail.
 * Sized for CI, where two projects' suites share the two cores with their own clouds and
 * `sls offline` processes (load 10–20), and everything takes many times longer than when idle.
 */
export const patience = {
  /** Something the fixture or a runner does by itself: a record consumed, a message moved. */
  outcome: 300_000,
  /** `sls offline start` on the fixture ready, its esbuild build included, or given up. */
  startup: 600_000,
} as const;
