import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Options of {@link RotatingLogFile}. */
export interface RotatingLogFileOptions {
  /** The folder of the files; created if missing. */
  readonly dir: string;
  /** The file's base name: `<name>.log`, then `<name>.log.1` ... once rotated. */
  readonly name: string;
  /** A file that reached this many bytes is rotated before the next line; default 5 MiB. */
  readonly maxBytes?: number;
  /** How many files are kept, the current one included; default 3. */
  readonly files?: number;
}

/** 5 MiB per file, 3 files: at most about 15 MiB per service. */
export const defaultLogFileBytes = 5 * 1024 * 1024;
export const defaultLogFiles = 3;

/**
 * Appends lines to `<dir>/<name>.log`, rotating it when it reaches `maxBytes`: `<name>.log`
 * becomes `<name>.log.1`, `.1` becomes `.2`, and the oldest beyond `files` is deleted, so the
 * files of one name never hold much more than `maxBytes × files` (a rotation happens before a
 * line, so a file may pass the bound by one line). An existing file is appended to, so a restart
 * keeps what the last run wrote.
 *
 * Writes are synchronous: a line is on disk once `write` returns, and lines stay in the order
 * they were written.
 *
 * @example
 * ```ts
 * const log = new RotatingLogFile({ dir: '.local/logs', name: 'checkout' });
 * log.write('{"level":"INFO","message":"Order placed"}');
 * log.close();
 * ```
 */
export class RotatingLogFile {
  readonly #dir: string;
  readonly #name: string;
  readonly #maxBytes: number;
  readonly #files: number;
  #fd: number | undefined;
  #size = 0;

  public constructor(options: RotatingLogFileOptions) {
    const maxBytes = options.maxBytes ?? defaultLogFileBytes;
    const files = options.files ?? defaultLogFiles;
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new RangeError(`maxBytes must be a positive integer, not ${maxBytes}`);
    }
    if (!Number.isInteger(files) || files < 1) {
      throw new RangeError(`files must be a positive integer, not ${files}`);
    }
    this.#dir = options.dir;
    this.#name = options.name;
    this.#maxBytes = maxBytes;
    this.#files = files;
  }

  /** The path of the file being written: `<dir>/<name>.log`. */
  public get path(): string {
    return this.#pathOf(0);
  }

  /** The paths of every file this writer may keep, newest first. */
  public paths(): string[] {
    return Array.from({ length: this.#files }, (_, index) => this.#pathOf(index));
  }

  /** Appends one line (a newline is added). */
  public write(line: string): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    if (this.#fd !== undefined && this.#size > 0 && this.#size + bytes.length > this.#maxBytes) {
      this.#rotate();
    }
    const fd = this.#open();
    writeSync(fd, bytes);
    this.#size += bytes.length;
  }

  /** Closes the file; a later `write` opens it again. */
  public close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #pathOf(index: number): string {
    const base = join(this.#dir, `${this.#name}.log`);
    return index === 0 ? base : `${base}.${index}`;
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    mkdirSync(this.#dir, { recursive: true });
    const fd = openSync(this.path, 'a');
    this.#size = fstatSync(fd).size;
    this.#fd = fd;
    // A file left over the bound by an earlier run is rotated before it grows further.
    if (this.#size >= this.#maxBytes) this.#rotate();
    return this.#fd;
  }

  #rotate(): void {
    this.close();
    rmSync(this.#pathOf(this.#files - 1), { force: true });
    for (let index = this.#files - 2; index >= 0; index -= 1) {
      try {
        renameSync(this.#pathOf(index), this.#pathOf(index + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const fd = openSync(this.path, 'a');
    this.#size = 0;
    this.#fd = fd;
  }
}
