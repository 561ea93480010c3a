/**
 * The variable through which `npm start`'s supervisor gives its services its process id. The
 * services run under `sh -c` in process groups of their own: their parent is the shell, which
 * outlives a SIGKILL of the supervisor, so watching their own parent would see nothing.
 */
export const supervisorPidVariable = 'CONVEYOR_SUPERVISOR_PID';

const defaultPollMs = 500;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Calls `gone` once when the supervisor named by {@link supervisorPidVariable} in `env` no longer
 * runs, checking every `pollMs`. Does nothing (and returns a no-op) when the variable is unset, as
 * for a service started on its own. The timer does not keep the process alive. A pid reused
 * within one poll would go unnoticed; at 500 ms that is not a practical concern.
 *
 * @returns A function that stops the watch.
 * @example
 * ```ts
 * const unwatch = watchSupervisor(process.env, () => process.kill(process.pid, 'SIGTERM'));
 * ```
 */
export const watchSupervisor = (
  env: NodeJS.ProcessEnv,
  gone: (pid: number) => void,
  pollMs: number = defaultPollMs,
): (() => void) => {
  const value = env[supervisorPidVariable];
  if (value === undefined || value === '') return () => undefined;
  const pid = Number(value);
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    throw new Error(`${supervisorPidVariable} must be a process id; it is "${value}".`);
  }
  const timer = setInterval(() => {
    if (isAlive(pid)) return;
    clearInterval(timer);
    gone(pid);
  }, pollMs).unref();
  return () => {
    clearInterval(timer);
  };
};
