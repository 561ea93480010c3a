import { RestartBackoff } from './restartBackoff.ts';
import type { ServiceExit, ServiceProcess } from './serviceProcess.ts';

/** One run of a part: its process, and a promise that settles once it is ready (or not). */
export interface LaunchedPart {
  readonly process: ServiceProcess;
  /** Resolves once ready; rejects (for example `ServiceStartError`) if it exits or hangs first. */
  readonly ready: Promise<void>;
}

/** What a supervised part is and how to run it. */
export interface SupervisedPartOptions {
  /** As shown in log lines, for example `local cloud` or `checkout`. */
  readonly name: string;
  /** Starts one run of it. */
  readonly launch: () => LaunchedPart;
  /** Takes one line about the part (a restart), without its name: the caller labels and keeps it. */
  readonly log: (line: string) => void;
  /** Said after "restarting it in N s" when it died, for example what happens to its state. */
  readonly restartNote?: string;
  /** Runs after a restart (not the first start) is ready. */
  readonly onRestarted?: () => Promise<void>;
  readonly backoff?: RestartBackoff;
}

const describeExit = ({ code, signal, error }: ServiceExit): string =>
  error !== undefined
    ? `could not be started: ${error.message}`
    : signal === null
      ? `code ${String(code)}`
      : signal;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * Keeps one part of `npm start` running: after its first start is ready, each time it dies it
 * is restarted after a growing delay (`RestartBackoff`), with one log line saying so.
 */
export class SupervisedPart {
  readonly #options: SupervisedPartOptions;
  readonly #backoff: RestartBackoff;
  /** Runs stopped on purpose (a restart asked for, or the stop): their exit restarts nothing. */
  readonly #retired = new WeakSet<ServiceProcess>();
  #current: ServiceProcess | undefined;
  #readyAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #supervising = false;
  #stopped = false;

  // A method, not the field: TypeScript would otherwise assume the flag cannot change across an
  // await.
  #isStopped(): boolean {
    return this.#stopped;
  }

  public constructor(options: SupervisedPartOptions) {
    this.#options = options;
    this.#backoff = options.backoff ?? new RestartBackoff();
  }

  /** The part's name. */
  public get name(): string {
    return this.#options.name;
  }

  /** Its current run, if any. */
  public get process(): ServiceProcess | undefined {
    return this.#current;
  }

  /** Whether its current run is ready (false while it restarts, or after one that was not). */
  public get isReady(): boolean {
    return this.#readyAt !== undefined;
  }

  /**
   * Starts it and waits until it is ready; rejects if it is not (then nothing restarts it).
   * From then on, supervised.
   */
  public async start(): Promise<void> {
    const { process, ready } = this.#launch();
    await ready;
    this.#markReady(process);
    this.#supervising = true;
    // Ready, then dead before supervision began (its exit was ignored then): restart it now.
    if (process.hasExited()) void this.#onExit(process, await process.exited);
  }

  /** Stops the current run on purpose and starts a new one at once (for example after the local cloud lost its state). */
  public async restart(): Promise<void> {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#readyAt = undefined;
    const previous = this.#current;
    if (previous !== undefined) {
      this.#retired.add(previous);
      await previous.stop();
    }
    // Two restarts at once (the local cloud died again meanwhile) stop the same run: the first
    // to get here relaunches it, and the other leaves that new run alone.
    if (this.#current !== previous) return;
    await this.#relaunch();
  }

  /** Stops it for good; a pending restart is cancelled. */
  public async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const current = this.#current;
    if (current === undefined) return;
    this.#retired.add(current);
    await current.stop();
  }

  /** Last resort from a synchronous `exit` handler. */
  public killNow(): void {
    this.#current?.killNow();
  }

  #launch(): LaunchedPart {
    const launched = this.#options.launch();
    this.#current = launched.process;
    void launched.process.exited.then((exit) => this.#onExit(launched.process, exit));
    return launched;
  }

  #markReady(process: ServiceProcess): void {
    this.#readyAt = Date.now();
    // Once ready, everything it started is known: a stray outliving it can still be stopped.
    void process.noteDescendants();
  }

  async #onExit(process: ServiceProcess, exit: ServiceExit): Promise<void> {
    if (this.#stopped || !this.#supervising || this.#retired.has(process)) return;
    this.#retired.add(process);
    const uptimeMs = this.#readyAt === undefined ? 0 : Date.now() - this.#readyAt;
    this.#readyAt = undefined;
    const delayMs = this.#backoff.next(uptimeMs);
    const note = this.#options.restartNote === undefined ? '' : ` ${this.#options.restartNote}`;
    this.#options.log(
      `exited (${describeExit(exit)}); restarting it in ${seconds(delayMs)}.${note}`,
    );
    // Whatever of that run is left (its group, strays) would hold the ports the next run needs.
    await process.stop();
    // Stopped meanwhile, or restarted on purpose: that run is no longer the one to replace.
    if (this.#isStopped() || this.#current !== process) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#relaunch();
    }, delayMs);
  }

  async #relaunch(): Promise<void> {
    if (this.#stopped) return;
    this.#readyAt = undefined;
    const { process, ready } = this.#launch();
    try {
      await ready;
    } catch {
      // An exit before ready is #onExit's to handle; a run that hangs is stopped, which exits it.
      if (this.#isStopped() || process.hasExited() || this.#retired.has(process)) return;
      this.#options.log('was not ready in time after a restart; stopping it.');
      await process.stop();
      return;
    }
    if (this.#isStopped() || this.#retired.has(process) || process !== this.#current) return;
    this.#markReady(process);
    await this.#options.onRestarted?.();
  }
}
