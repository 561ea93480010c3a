import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceError } from './errors.ts';
import {
  type InvocationReport,
  type LogFindings,
  type LogRecord,
  type LogSource,
  type RequestLine,
  timeOf,
} from './logRecord.ts';

// serverless-offline's own lines, as `npm start` keeps them ({"capturedAt","output"}):
//   (λ: getOrder) RequestId: 5f0c…  Duration: 12.34 ms  Billed Duration: 13 ms
//   (λ: getOrder) RequestId: 5f0c…  timed out after 6000 ms; …
//   POST /checkout (λ: postCheckout)
const endedLine = /\(λ: ([^)\s]+)\) RequestId: (\S+)\s+Duration: ([\d.]+) ms/;
const timedOutLine = /\(λ: ([^)\s]+)\) RequestId: (\S+)\s+timed out after (\d+) ms/;
const requestLine = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) \(λ: ([^)\s]+)\)/;

const logFile = /^(.+)\.log(?:\.(\d+))?$/;

/** One part's files, oldest first: `<part>.log.2`, `<part>.log.1`, `<part>.log`. */
const filesByPart = (dir: string): Map<string, string[]> => {
  const found = new Map<string, { file: string; age: number }[]>();
  for (const file of readdirSync(dir)) {
    const match = logFile.exec(file);
    if (match?.[1] === undefined) continue;
    const files = found.get(match[1]) ?? [];
    files.push({ file: join(dir, file), age: Number(match[2] ?? 0) });
    found.set(match[1], files);
  }
  return new Map(
    [...found].map(([part, files]) => [
      part,
      files.sort((a, b) => b.age - a.age).map(({ file }) => file),
    ]),
  );
};

interface PartLines {
  readonly part: string;
  readonly lines: readonly string[];
}

const parseObject = (line: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

const capturedLine = (
  fields: Record<string, unknown>,
): { time: Date; output: string } | undefined => {
  const { capturedAt, output } = fields;
  if (typeof capturedAt !== 'string' || typeof output !== 'string') return undefined;
  const time = new Date(capturedAt);
  return Number.isNaN(time.getTime()) ? undefined : { time, output };
};

/**
 * The log files `npm start` keeps (`<dir>/<part>.log`, rotated to `.1`, `.2`): every JSON line
 * a function printed, and serverless-offline's invocation and request lines with the time they
 * were captured. The part's name (the file's) is the service.
 *
 * @throws TraceError from `find` when the folder does not exist or holds no log file.
 */
export class LocalLogSource implements LogSource {
  readonly #dir: string;
  #parts: readonly PartLines[] | undefined;
  #offline: { invocations: InvocationReport[]; requests: RequestLine[] } | undefined;

  public constructor(dir: string) {
    this.#dir = dir;
  }

  public get description(): string {
    return this.#dir;
  }

  public find(ids: readonly string[]): Promise<LogFindings> {
    // A missing folder rejects, as a failed read would.
    return new Promise((resolve) => {
      resolve(this.#find(ids));
    });
  }

  #find(ids: readonly string[]): LogFindings {
    const parts = this.#load();
    const records: LogRecord[] = [];
    for (const { part, lines } of parts) {
      let lastCaptured = new Date(0);
      for (const line of lines) {
        // Captured lines carry the time a function line without a timestamp falls back to.
        if (line.startsWith('{"capturedAt"')) {
          const captured = capturedLine(parseObject(line) ?? {});
          if (captured !== undefined) lastCaptured = captured.time;
          continue;
        }
        if (!ids.some((id) => line.includes(id))) continue;
        const fields = parseObject(line);
        if (fields === undefined) continue;
        records.push({ service: part, time: timeOf(fields, lastCaptured), fields });
      }
    }
    return { records, ...this.#offlineLines(parts) };
  }

  #load(): readonly PartLines[] {
    if (this.#parts !== undefined) return this.#parts;
    if (!existsSync(this.#dir)) {
      throw new TraceError(
        `No logs in ${this.#dir}: npm start keeps every service's log lines there. Start it (npm start), place an order, then trace it.`,
      );
    }
    let reading = this.#dir;
    let parts: PartLines[];
    try {
      parts = [...filesByPart(this.#dir)].map(([part, files]) => ({
        part,
        lines: files.flatMap((file) => {
          reading = file;
          return readFileSync(file, 'utf8').split('\n');
        }),
      }));
    } catch (error) {
      // Not a folder, a folder where a log file should be, no permission: one line, not a stack.
      const { code } = error as { code?: unknown };
      throw new TraceError(
        `Cannot read the logs in ${this.#dir}${reading === this.#dir ? '' : ` (${reading})`}: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}. --logs-dir takes the folder npm start writes <service>.log files to.`,
        { cause: error },
      );
    }
    if (parts.length === 0) {
      throw new TraceError(
        `No log files in ${this.#dir}: npm start writes one per service (<service>.log).`,
      );
    }
    this.#parts = parts;
    return parts;
  }

  #offlineLines(parts: readonly PartLines[]): {
    invocations: InvocationReport[];
    requests: RequestLine[];
  } {
    if (this.#offline !== undefined) return this.#offline;
    const invocations: InvocationReport[] = [];
    const requests: RequestLine[] = [];
    for (const { part, lines } of parts) {
      for (const line of lines) {
        if (!line.startsWith('{"capturedAt"') || !line.includes('(λ: ')) continue;
        const captured = capturedLine(parseObject(line) ?? {});
        if (captured === undefined) continue;
        const { time, output } = captured;
        const ended = endedLine.exec(output);
        const timedOut = ended === null ? timedOutLine.exec(output) : null;
        const report = ended ?? timedOut;
        if (report !== null) {
          invocations.push({
            service: part,
            functionName: report[1] ?? '',
            requestId: report[2] ?? '',
            time,
            durationMs: Number(report[3]),
            timedOut: timedOut !== null,
          });
          continue;
        }
        const request = requestLine.exec(output);
        if (request !== null) {
          requests.push({
            service: part,
            method: request[1] ?? '',
            path: request[2] ?? '',
            functionName: request[3] ?? '',
            time,
          });
        }
      }
    }
    this.#offline = { invocations, requests };
    return this.#offline;
  }
}
