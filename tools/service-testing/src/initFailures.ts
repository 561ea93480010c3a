import { stripVTControlCharacters } from 'node:util';
import { boundedFetch } from './boundedFetch.ts';
import { serveText } from './serveText.ts';

/** A function whose init (loading its handler module) failed under serverless offline. */
export interface InitFailure {
  /** The service it belongs to, as its folder under `services/` names it. */
  readonly service: string;
  /** The function's key in `serverless.yml`. */
  readonly functionKey: string;
  /** The error, with its stack as offline printed it. */
  readonly error: string;
}

/**
 * Set by a test run's global setup to the loopback URL that lists, as JSON, the init failures of
 * the services it runs, for tests in other processes.
 */
export const initFailuresUrlVariable = 'CONVEYOR_TEST_INIT_FAILURES_URL';

// The patched offline's line, and the stack lines under it.
const initFailedLine = /\(λ: (\S+)\) init failed: (.*(?:\n[ \t]+at .*)*)/g;

// An init failure found in a text, and where its lines start and end there (its stack's last
// line, if it has one).
interface InitFailureBlock {
  readonly failure: InitFailure;
  readonly start: number;
  readonly end: number;
}

// The init failures serverless offline logged in `text` (with no terminal colours in it).
const initFailureBlocksIn = (service: string, text: string): InitFailureBlock[] =>
  [...text.matchAll(initFailedLine)].map((match) => {
    const [whole, functionKey = '', error = ''] = match;
    return {
      failure: { service, functionKey, error },
      start: match.index,
      end: match.index + whole.length,
    };
  });

/**
 * Reads a service's output as it arrives for the init failures serverless offline logs, and
 * keeps the first of each function (each retry of its messages fails its init again), telling
 * `onFailure` of each as soon as its stack has arrived too.
 *
 * @example
 * ```ts
 * const scanner = new InitFailureScanner('shipping', (failure) => console.error(describeInitFailure(failure)));
 * child.stdout.on('data', (chunk: Buffer) => scanner.append(chunk.toString()));
 * ```
 */
export class InitFailureScanner {
  /** The first init failure of each function, in the order they came. */
  readonly failures: InitFailure[] = [];
  readonly #service: string;
  readonly #onFailure: (failure: InitFailure) => void;
  // The output without terminal colours, read up to #scanned.
  #plain = '';
  #scanned = 0;
  #heldBack: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(service: string, onFailure: (failure: InitFailure) => void = () => undefined) {
    this.#service = service;
    this.#onFailure = onFailure;
  }

  /** Takes the next piece of the output. */
  append(text: string): void {
    this.#plain += stripVTControlCharacters(text);
    // Read in batches: a busy service writes many pieces a second.
    this.#timer ??= setTimeout(() => {
      this.#scan();
    }, 20).unref();
  }

  /** Stops reading. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #scan(): void {
    this.#timer = undefined;
    const end = this.#plain.lastIndexOf('\n') + 1;
    if (end <= this.#scanned) return;
    const text = this.#plain.slice(this.#scanned, end);
    for (const { failure, start, end: blockEnd } of initFailureBlocksIn(this.#service, text)) {
      const at = this.#scanned + start;
      // On the last whole line, its stack's lines may still be on their way: look again
      // shortly, once, before taking it as it is.
      if (blockEnd >= text.length - 1 && this.#heldBack !== at) {
        this.#heldBack = at;
        this.#scanned = at;
        this.#timer = setTimeout(() => {
          this.#scan();
        }, 100).unref();
        return;
      }
      this.#record(failure);
    }
    this.#heldBack = undefined;
    this.#scanned = end;
  }

  #record(failure: InitFailure): void {
    if (this.failures.some(({ functionKey }) => functionKey === failure.functionKey)) return;
    this.failures.push(failure);
    this.#onFailure(failure);
  }
}

/** Services running in this process: their failures need no request to read. */
const localSources = new Set<() => readonly InitFailure[]>();

/**
 * Lists a source of init failures that {@link reportedInitFailure} reads in this process; the
 * returned function removes it.
 */
export const watchInitFailures = (source: () => readonly InitFailure[]): (() => void) => {
  localSources.add(source);
  return () => {
    localSources.delete(source);
  };
};

/**
 * Serves the init failures of `source` on a loopback port and points
 * {@link initFailuresUrlVariable} at it, so that the tests' own processes (started after a
 * global setup, with its environment) stop waiting on a function that cannot load.
 *
 * @example
 * ```ts
 * const served = await serveInitFailures(() => services.flatMap((service) => service.initFailures()));
 * // … at teardown
 * await served.close();
 * ```
 */
export const serveInitFailures = async (
  source: () => readonly InitFailure[],
): Promise<{ url: string; close: () => Promise<void> }> => {
  const served = await serveText(() => JSON.stringify(source()), 'application/json');
  const before = process.env[initFailuresUrlVariable];
  process.env[initFailuresUrlVariable] = served.url;
  return {
    url: served.url,
    close: async () => {
      if (process.env[initFailuresUrlVariable] === served.url) {
        if (before === undefined) Reflect.deleteProperty(process.env, initFailuresUrlVariable);
        else process.env[initFailuresUrlVariable] = before;
      }
      await served.close();
    },
  };
};

/** One line for a test's error: which function failed and why. */
export const describeInitFailure = ({ service, functionKey, error }: InitFailure): string =>
  `${service}'s function ${functionKey} failed its init, so it handles nothing: ${error}`;

/**
 * The first init failure of a service this test run started (in this process, or served by its
 * global setup), or `undefined`. A served list that cannot be read counts as none.
 */
export const reportedInitFailure = async (): Promise<InitFailure | undefined> => {
  for (const source of localSources) {
    const [failure] = source();
    if (failure !== undefined) return failure;
  }
  const url = process.env[initFailuresUrlVariable];
  if (url === undefined) return undefined;
  try {
    const [failure] = (await (await boundedFetch(url)).json()) as InitFailure[];
    return failure;
  } catch {
    return undefined;
  }
};
