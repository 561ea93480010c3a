import { readFileSync } from 'node:fs';
import { LocalCloudError } from './errors.ts';
import { isStillAlive, type NotedProcess, noteProcess, parentPidOf } from './notedProcess.ts';

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
  return watchNotedProcess(noteProcess(pid), gone, pollMs);
};

const watchNotedProcess = (
  watched: NotedProcess,
  gone: (pid: number) => void,
  pollMs: number,
): (() => void) => {
  const check = (): boolean => {
    if (isStillAlive(watched)) return false;
    gone(watched.pid);
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

const isShellWrapper = (pid: number): boolean => {
  try {
    const [command, flag] = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    return /(^|\/)(sh|bash|dash)$/.test(command ?? '') && flag === '-c';
  } catch {
    return false;
  }
};

/**
 * The process that launched `pid`: its parent, or its grandparent where the parent is a
 * `sh -c` wrapper, as Nx's run-commands and npm scripts start a command. A SIGKILL of the
 * launcher leaves the wrapper running, so the parent alone would show nothing. Undefined without
 * /proc, or when the launcher is init (pid 1): then there is nothing to watch.
 *
 * @example
 * ```ts
 * launcherOf(process.pid); // nx's pid, under `npx nx run shipping:offline`
 * ```
 */
export const launcherOf = (pid: number): number | undefined => {
  const parent = parentPidOf(pid);
  const launcher = parent !== undefined && isShellWrapper(parent) ? parentPidOf(parent) : parent;
  return launcher === undefined || launcher === 1 ? undefined : launcher;
};

/**
 * For a process started on its own (no supervisor): calls `gone` once when the process that
 * launched this one ({@link launcherOf}) no longer runs, checking every `pollMs`, so a SIGKILL
 * of `nx run <service>:offline` does not leave the service holding its ports. Does nothing, and
 * returns a no-op, where there is no launcher to watch. The timer does not keep the process
 * alive.
 *
 * @returns A function that stops the watch.
 * @example
 * ```ts
 * const unwatch = watchLauncher(() => process.kill(process.pid, 'SIGTERM'));
 * ```
 */
export const watchLauncher = (
  gone: (pid: number) => void,
  pollMs: number = defaultPollMs,
  pid: number = process.pid,
): (() => void) => {
  const launcher = launcherOf(pid);
  if (launcher === undefined) return () => undefined;
  return watchNotedProcess(noteProcess(launcher), gone, pollMs);
};
