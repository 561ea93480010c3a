/**
 * How long a wait in these tests may last before it fails. Safety nets, not budgets: each wait
 * ends as soon as its condition holds, so these only decide how long a stuck run takes to fail.
 * Sized for CI, where two projects' suites share the two cores with their own clouds and
 * processes (load 10–20), and everything takes many times longer than when idle.
 */
export const patience = {
  /** Something a part does by itself: a message moved, a line printed, a process exited. */
  outcome: 300_000,
  /** A local cloud, `npm start` or a service ready, or given up. */
  startup: 600_000,
} as const;
