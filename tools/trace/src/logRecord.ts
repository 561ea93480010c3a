/** One structured log line of a function (Powertools logger output), wherever it was read. */
export interface LogRecord {
  /** The service whose function wrote it (its log file locally, its log group in AWS). */
  readonly service: string;
  /** The function's key in serverless.yml, when the source names it (AWS log groups do). */
  readonly functionName?: string;
  /** The line's own `timestamp`, else when it was captured or ingested. */
  readonly time: Date;
  /** Every field of the JSON line. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** serverless-offline's line for one finished invocation: `(λ: fn) RequestId: … Duration: …`. */
export interface InvocationReport {
  readonly service: string;
  readonly functionName: string;
  readonly requestId: string;
  /** When the line was captured. */
  readonly time: Date;
  /** How long the invocation ran, or its timeout when it timed out. */
  readonly durationMs: number;
  readonly timedOut: boolean;
}

/** serverless-offline's line for one HTTP request: `POST /checkout (λ: postCheckout)`. */
export interface RequestLine {
  readonly service: string;
  readonly functionName: string;
  readonly method: string;
  readonly path: string;
  readonly time: Date;
}

/** What a log source found: the function lines, and offline's own lines where it has them. */
export interface LogFindings {
  readonly records: readonly LogRecord[];
  readonly invocations: readonly InvocationReport[];
  readonly requests: readonly RequestLine[];
}

/** Where the lines were read, for people: `.local/logs`, `CloudWatch Logs (dev, 21 log groups)`. */
export interface LogSource {
  readonly description: string;
  /** Every function line that mentions one of `ids` (as a whole field value or inside one). */
  find(ids: readonly string[]): Promise<LogFindings>;
}

/** A field as a string, if it is one. */
export const stringField = (record: LogRecord, key: string): string | undefined => {
  const value = record.fields[key];
  return typeof value === 'string' ? value : undefined;
};

/** A field as a number, if it is one (or a numeric string). */
export const numberField = (record: LogRecord, key: string): number | undefined => {
  const value = record.fields[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
};

/** The time of a JSON log line: its `timestamp`, else `fallback`. */
export const timeOf = (fields: Readonly<Record<string, unknown>>, fallback: Date): Date => {
  const stamp = fields['timestamp'];
  if (typeof stamp !== 'string') return fallback;
  const time = new Date(stamp);
  return Number.isNaN(time.getTime()) ? fallback : time;
};
