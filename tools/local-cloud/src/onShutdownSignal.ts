/**
 * Runs `shutdown` once on the first SIGINT or SIGTERM; a second signal exits at once with 1,
 * for when a clean stop hangs.
 */
export const onShutdownSignal = (shutdown: (signal: NodeJS.Signals) => Promise<void>): void => {
  let started = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (started) {
      process.stderr.write(`\nSecond ${signal}: exiting without a clean stop.\n`);
      process.exit(1);
    }
    started = true;
    void shutdown(signal);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
};
