/** What asked a process to stop: a signal, or its parent process going away. */
export type ShutdownReason = NodeJS.Signals | 'parent exited';

const shutdownSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// npm passes the terminal's Ctrl-C on to its script, which the terminal signalled too: the same
// request arrives twice within a moment. The window is counted in ticks of a timer, not by the
// clock: a process reads a signal only when its event loop turns, so on a busy machine npm's copy,
// sent 65 ms after the terminal's, was read 1.4 s after it, and one Ctrl-C read as two. A timer
// ticks only as the loop turns too, so a copy that waited for the loop is read before the window
// has ticked away.
const repeatWindowTicks = 10;
const tickMs = 100;
const parentPollMs = 500;

/**
 * Runs `shutdown` once on the first SIGINT, SIGTERM or SIGHUP, or when the parent process is gone
 * (this one was orphaned: npm killed, or the IPC channel to a supervisor closed). A signal
 * read after the first has had a second of the event loop's time (ten ticks of 100 ms) exits at
 * once with 1, for when a clean stop hangs; one read sooner is the same request again.
 */
export const onShutdownSignal = (shutdown: (reason: ShutdownReason) => Promise<void>): void => {
  let ticksSinceStart: number | undefined;
  const parent = process.ppid;
  // Linux offers no "parent died" signal to Node: an orphan is re-parented, so its ppid changes.
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) begin('parent exited');
  }, parentPollMs).unref();
  function begin(reason: ShutdownReason): void {
    if (ticksSinceStart !== undefined) return;
    ticksSinceStart = 0;
    clearInterval(parentWatch);
    const ticker = setInterval(() => {
      ticksSinceStart = (ticksSinceStart ?? 0) + 1;
      if (ticksSinceStart >= repeatWindowTicks) clearInterval(ticker);
    }, tickMs).unref();
    void shutdown(reason);
  }
  const handle = (signal: NodeJS.Signals): void => {
    if (ticksSinceStart !== undefined) {
      if (ticksSinceStart < repeatWindowTicks) return;
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
