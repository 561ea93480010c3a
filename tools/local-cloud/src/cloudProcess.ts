import { fileURLToPath } from 'node:url';
import { LocalCloudError } from './errors.ts';
import { formatLocalCloudPorts, type LocalCloudPorts } from './localCloudPorts.ts';
import { repoRoot } from './repoRoot.ts';
import { formatRecentOutput, type ServiceProcess, startServiceProcess } from './serviceProcess.ts';

/** What main.ts sends its parent over IPC once the local cloud is ready. */
export interface CloudReadyMessage {
  readonly kind: 'local-cloud-ready';
  readonly ports: LocalCloudPorts;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isCloudReadyMessage = (message: unknown): message is CloudReadyMessage =>
  isRecord(message) &&
  message.kind === 'local-cloud-ready' &&
  isRecord(message.ports) &&
  ['fauxqs', 'dynamodb', 'ses'].every(
    (key) => typeof (message.ports as Record<string, unknown>)[key] === 'number',
  );

const mainScript = fileURLToPath(new URL('main.ts', import.meta.url));

/** How to run the local cloud in a child process. */
export interface CloudProcessOptions {
  /** Ports to bind; 0 picks a free one (a restart passes the ports the first run bound). */
  readonly ports: LocalCloudPorts;
  /** Where state lives; ignored with `inMemory`. */
  readonly dataDir: string;
  readonly inMemory: boolean;
  /** Enforce IAM (`--no-iam` when false). */
  readonly iam: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Receives each line it prints. */
  readonly onLine: (line: string) => void;
  /** How long it may take to be ready. */
  readonly timeoutMs: number;
}

/** The local cloud running in its own process, and when it is ready, the ports it bound. */
export interface CloudProcess {
  readonly process: ServiceProcess;
  /** Rejects with a `LocalCloudError` holding its last output if it exits or hangs first. */
  readonly ready: Promise<LocalCloudPorts>;
}

/**
 * Starts the local cloud (main.ts) in a child process in its own process group, with an IPC
 * channel: it reports its ports over it once ready, and stops by itself when the channel
 * closes (its supervisor died).
 */
export const launchCloudProcess = (options: CloudProcessOptions): CloudProcess => {
  let reportReady: (ports: LocalCloudPorts) => void = () => undefined;
  const reported = new Promise<LocalCloudPorts>((resolve) => {
    reportReady = resolve;
  });
  const child = startServiceProcess({
    name: 'local cloud',
    command: process.execPath,
    args: [
      mainScript,
      '--ports',
      formatLocalCloudPorts(options.ports),
      ...(options.inMemory ? ['--in-memory'] : ['--data-dir', options.dataDir]),
      ...(options.iam ? [] : ['--no-iam']),
    ],
    cwd: repoRoot,
    env: options.env,
    onLine: options.onLine,
    onMessage: (message) => {
      if (isCloudReadyMessage(message)) reportReady(message.ports);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    const fail = (reason: string): void => {
      reject(
        new LocalCloudError(
          `The local cloud ${reason}.${formatRecentOutput(child.recentOutput())}`,
        ),
      );
    };
    void child.exited.then(({ code, signal, error }) => {
      fail(
        error === undefined
          ? `exited with ${signal ?? `code ${String(code)}`} before it was ready`
          : `could not be started (${error.message})`,
      );
    });
    timer = setTimeout(() => {
      fail(`was not ready within ${Math.round(options.timeoutMs / 1000)} s`);
    }, options.timeoutMs);
  });
  const ready = Promise.race([reported, failed]).finally(() => {
    clearTimeout(timer);
  });
  // Settled either way by whoever awaits `ready`; the loser of the race must not go unhandled.
  failed.catch(() => undefined);
  return { process: child, ready };
};
