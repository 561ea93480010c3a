import { join } from 'node:path';
import { repoRoot } from '../repoRoot.ts';
import { defaultLogFileBytes, defaultLogFiles, RotatingLogFile } from './rotatingLogFile.ts';
import { toLogFileLine } from './toLogFileLine.ts';

/** Where `npm start` keeps each part's output: `<repo>/.local/logs` (git-ignored). */
export const defaultLogsDir = join(repoRoot, '.local', 'logs');

/** Options of {@link ServiceLogs}. */
export interface ServiceLogsOptions {
  readonly dir: string;
  /** Per file; default 5 MiB. */
  readonly maxBytes?: number;
  /** Files kept per part, the current one included; default 3. */
  readonly files?: number;
  /** Told once per part when its file cannot be written; that part's lines are then dropped. */
  readonly onError: (message: string) => void;
  /** The clock of the capture times; the system clock by default. */
  readonly now?: () => Date;
}

/**
 * The log files of `npm start`: one per part (`<dir>/<part>.log`, rotated, bounded by
 * `maxBytes × files`), each line as `toLogFileLine` keeps it. A file that cannot be written (a
 * full disk, a folder made read-only) costs its lines, never the run.
 *
 * @example
 * ```ts
 * const logs = new ServiceLogs({ dir: defaultLogsDir, onError: console.warn });
 * const keep = logs.lineWriter('checkout');
 * keep('{"level":"INFO","message":"Order placed"}');
 * logs.close();
 * ```
 */
export class ServiceLogs {
  readonly #options: ServiceLogsOptions;
  readonly #files = new Map<string, RotatingLogFile>();

  public constructor(options: ServiceLogsOptions) {
    this.#options = options;
  }

  /** The folder of the files. */
  public get dir(): string {
    return this.#options.dir;
  }

  /** The bound of one part's files, for people: `3 files of 5 MiB`. */
  public get bound(): string {
    const bytes = this.#options.maxBytes ?? defaultLogFileBytes;
    const size = bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
    return `${this.#options.files ?? defaultLogFiles} files of ${size}`;
  }

  /** A function that keeps each line `part` prints; every call for one part shares its file. */
  public lineWriter(part: string): (line: string) => void {
    let file = this.#files.get(part);
    if (file === undefined) {
      file = new RotatingLogFile({
        dir: this.#options.dir,
        // A part's display name may hold a space ("local cloud").
        name: part.replace(/[^\w.-]+/g, '-'),
        ...(this.#options.maxBytes === undefined ? {} : { maxBytes: this.#options.maxBytes }),
        ...(this.#options.files === undefined ? {} : { files: this.#options.files }),
      });
      this.#files.set(part, file);
    }
    const target = file;
    let failed = false;
    return (line) => {
      if (failed) return;
      try {
        target.write(toLogFileLine(line, this.#options.now?.() ?? new Date()));
      } catch (error) {
        failed = true;
        this.#options.onError(
          `cannot write ${target.path} (${error instanceof Error ? error.message : String(error)}); ${part}'s output is no longer kept.`,
        );
      }
    };
  }

  /** Closes every file. */
  public close(): void {
    for (const file of this.#files.values()) {
      try {
        file.close();
      } catch {
        // Closing a file that could not be written fails again: nothing more to keep.
      }
    }
  }
}
