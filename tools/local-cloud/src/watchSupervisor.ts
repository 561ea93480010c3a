import { LocalCloudError } from './errors.ts';
import { isStillAlive, noteProcess } from './notedProcess.ts';

/**
 * The variable through which `npm start`'s supervisor gives its services its process id. The
 * services run under `sh -c` in process groups of their own: their parent is the shell, which
 * outlives a SIGKILL of the supervisor, so watching their own parent would see nothing.
 */
export const supervisorPidVariable = 'CONVEYOR_SUPERVISOR_PID';

const defaultPollMs = 500;

/**
 * Calls `gone` once when the supervisor named by {@link supervisorPidVariable} in `env` no longer
 * runs, checking every `pollMs`. Gone means no such process, a zombie (killed, not yet reaped,
 * perhaps never under a container init that does not reap), or its pid now another process's
 * (the start time noted at the call differs). Does nothing, and returns a no-op, when the
 * variable is unset, as for a service started on its own. The timer does not keep the process
 * alive.
 *
 * @returns A function that stops the watch.
 * @throws LocalCloudError when the variable holds no process id.
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
    throw new LocalCloudError(`${supervisorPidVariable} must be a process id; it is "${value}".`);
  }
  const supervisor = noteProcess(pid);
  const check = (): boolean => {
    if (isStillAlive(supervisor)) return false;
    gone(pid);
    return true;
  };
  // Gone already (killed while this process was starting): said at once.
  if (check()) return () => undefined;
  const timer = setInterval(() => {
    if (check()) clearInterval(timer);
  }, pollMs).unref();
  return () => {
    clearInterval(timer);
  };
};
