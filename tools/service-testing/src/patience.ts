/**
 * The bounds of every wait in the tests, in milliseconds. They are safety nets, not budgets: a
 * wait ends as soon as what it waits for has happened, so these only decide how long a stuck
 * run takes to fail. They are set for a machine whose CPU is saturated (load 10–20 on two
 * cores), where everything is ten times slower than on an idle one, and a wait that reaches one
 * fails naming what it waited for.
 */
export const patience = {
  /** One HTTP request or function invocation answered (HTTP functions time out after 10 s). */
  request: 120_000,
  /**
   * Something the system does by itself: an event consumed, a status changed, a queue drained.
   * Room for the two redeliveries a message gets before its DLQ, each after a timed-out
   * invocation and a visibility timeout (up to 90 s locally), plus the wait for a free worker.
   */
  outcome: 600_000,
  /** A service under serverless-offline ready to serve, its first esbuild run included. */
  startup: 600_000,
} as const;
