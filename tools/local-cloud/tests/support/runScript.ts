import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { patience } from './patience.ts';

/** A Node script running in a child process, with bounded waits on its output and exit. */
export interface RunningScript {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (test cleanup). */
  kill(): void;
}

/** How to run a script or command. */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly detached?: boolean;
  readonly cwd?: string;
}

/** Runs `script` with this Node (the repo's pinned one when tests run through npx or Nx). */
export const runScript = (
  script: string,
  args: readonly string[],
  options: RunOptions = {},
): RunningScript => runCommand(process.execPath, [script, ...args], options);

/** Runs any command, with bounded waits on its output and exit. */
export const runCommand = (
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): RunningScript => {
  const child = spawn(command, [...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  const describe = (): string => `stdout:\n${out}\nstderr:\n${err}`;
  return {
    child,
    exit,
    stdout: () => out,
    stderr: () => err,
    waitForOutput: async (pattern, timeoutMs = patience.outcome) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match !== null) return match;
        if (exited) throw new Error(`Exited before printing ${String(pattern)}.\n${describe()}`);
        if (Date.now() > deadline) {
          throw new Error(`No ${String(pattern)} within ${timeoutMs} ms.\n${describe()}`);
        }
        await sleep(50);
      }
    },
    waitForExit: async (timeoutMs = patience.outcome) => {
      // Cancelled once it exits: a pending timer would keep the caller's process alive.
      const bound = new AbortController();
      const timedOut = sleep(timeoutMs, 'timed out' as const, { signal: bound.signal }).catch(
        () => 'timed out' as const,
      );
      const result = await Promise.race([exit, timedOut]);
      bound.abort();
      if (result === 'timed out')
        throw new Error(`Still running after ${timeoutMs} ms.\n${describe()}`);
      return result;
    },
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
};

/** Whether a process with this pid is running (a zombie has exited: it only awaits its reaper). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return true;
  }
};
