/** What asked a process to stop: a signal, or its parent process going away. */
export type ShutdownReason = NodeJS.Signals | 'parent exited';

const shutdownSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// npm passes the terminal's Ctrl-C on to its script, which the terminal signalled too: the same
// request arrives twice within a moment.
const repeatWindowMs = 1_000;
const parentPollMs = 500;

/**
 * Runs `shutdown` once on the first SIGINT, SIGTERM or SIGHUP, or when the parent process is gone
 * (this one was orphaned: npm killed, or the IPC channel to a supervisor closed). A signal
 * more than a second after the first exits at once with 1, for when a clean stop hangs.
 */
export const onShutdownSignal = (shutdown: (reason: ShutdownReason) => Promise<void>): void => {
  let startedAt: number | undefined;
  const parent = process.ppid;
  // Linux offers no "parent died" signal to Node: an orphan is re-parented, so its ppid changes.
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) begin('parent exited');
  }, parentPollMs).unref();
  function begin(reason: ShutdownReason): void {
    if (startedAt !== undefined) return;
    startedAt = Date.now();
    clearInterval(parentWatch);
    void shutdown(reason);
  }
  const handle = (signal: NodeJS.Signals): void => {
    if (startedAt !== undefined) {
      if (Date.now() - startedAt < repeatWindowMs) return;
      process.stderr.write(`\nSecond ${signal}: exiting without a clean stop.\n`);
      process.exit(1);
    }
    begin(signal);
  };
  for (const signal of shutdownSignals) process.on(signal, handle);
  process.once('disconnect', () => {
    begin('parent exited');
  });
};
