// What `npm start`'s supervisor tells its local cloud over IPC about the run: its own process and
// readiness, and the Lambda invocations serverless-offline reported, so that one loopback
// endpoint (`GET /_local-cloud/stats`) answers for the whole local run.

/** Invocations of one function, as serverless-offline reported them. */
export interface InvocationTotals {
  /** The service folder, such as `shipping`. */
  readonly service: string;
  /** The function's key in serverless.yml, such as `onInventoryReserved`. */
  readonly functionKey: string;
  /** Invocations that ended, with a result or timed out. */
  readonly invocations: number;
  /** Of those, timed out (billed their whole timeout). */
  readonly timeouts: number;
  /** Sum of their durations, as offline measured them. */
  readonly durationMs: number;
  /** Sum of their billed durations (rounded up to the millisecond, as Lambda bills). */
  readonly billedMs: number;
}

/** The supervisor's report: sent whenever it changes (at most a few times a second). */
export interface NpmStartReport {
  readonly kind: 'npm-start-report';
  /** The supervisor's pid (its parent is npm when started by `npm start`). */
  readonly pid: number;
  readonly parentPid: number;
  /** When the supervisor's process started (ISO-8601). */
  readonly startedAt: string;
  /**
   * Its start time as /proc has it (clock ticks since boot), so that a pid reused after the
   * supervisor died is not taken for it; absent where there is no /proc.
   */
  readonly pidStartTime?: string;
  /** Milliseconds from its process start to every part ready; absent until then. */
  readonly readyAfterMs?: number;
  /** Set once it has begun to stop its parts (a Ctrl-C, a failed start). */
  readonly stopping?: true;
  readonly functions: readonly InvocationTotals[];
  /** The serverless-offline lines that report an invocation, but could not be read. */
  readonly unreadLines: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTotals = (value: unknown): value is InvocationTotals =>
  isRecord(value) &&
  typeof value['service'] === 'string' &&
  typeof value['functionKey'] === 'string' &&
  ['invocations', 'timeouts', 'durationMs', 'billedMs'].every(
    (key) => typeof value[key] === 'number',
  );

/** Whether an IPC message is a supervisor's report. */
export const isNpmStartReport = (message: unknown): message is NpmStartReport =>
  isRecord(message) &&
  message['kind'] === 'npm-start-report' &&
  typeof message['pid'] === 'number' &&
  typeof message['parentPid'] === 'number' &&
  typeof message['startedAt'] === 'string' &&
  (message['pidStartTime'] === undefined || typeof message['pidStartTime'] === 'string') &&
  (message['readyAfterMs'] === undefined || typeof message['readyAfterMs'] === 'number') &&
  (message['stopping'] === undefined || message['stopping'] === true) &&
  typeof message['unreadLines'] === 'number' &&
  Array.isArray(message['functions']) &&
  message['functions'].every(isTotals);

/** One invocation report line of serverless-offline. */
export type InvocationReport =
  | {
      readonly kind: 'ended';
      readonly functionKey: string;
      readonly durationMs: number;
      readonly billedMs: number;
    }
  | { readonly kind: 'timedOut'; readonly functionKey: string; readonly timeoutMs: number };

// serverless-offline's LambdaFunction prints one line per invocation that returns, and (with
// the project's patch) one per invocation that times out:
//   (λ: getOrder) RequestId: 5f0c…  Duration: 12.34 ms  Billed Duration: 13 ms
//   (λ: getOrder) RequestId: 5f0c…  timed out after 6000 ms; its worker thread was stopped, …
// An invocation whose handler throws prints neither: it is not counted (the bench says so).
const endedLine =
  /\(λ: ([^)\s]+)\) RequestId: \S+\s+Duration: ([\d.]+) ms\s+Billed Duration: (\d+) ms/;
const timedOutLine = /\(λ: ([^)\s]+)\) RequestId: \S+\s+timed out after (\d+) ms/;
// eslint-disable-next-line no-control-regex -- colours, as a terminal's FORCE_COLOR adds them
const ansi = /\u001b\[[0-9;]*m/g;

// What every report starts with; offline's request lines (`POST /checkout (λ: postCheckout)`)
// name the function too, but no request id.
const reportStart = /\(λ: [^)\s]+\) RequestId: /;

/**
 * Reads one line of a service's output: an invocation report, `undefined` for any other line,
 * or `'unreadable'` for a report (`(λ: <function>) RequestId: `) in an unknown shape.
 */
export const parseInvocationReport = (
  line: string,
): InvocationReport | 'unreadable' | undefined => {
  if (!line.includes('(λ: ')) return undefined;
  const plain = line.replace(ansi, '');
  if (!reportStart.test(plain)) return undefined;
  const ended = endedLine.exec(plain);
  if (ended !== null) {
    return {
      kind: 'ended',
      functionKey: ended[1] ?? '',
      durationMs: Number(ended[2]),
      billedMs: Number(ended[3]),
    };
  }
  const timedOut = timedOutLine.exec(plain);
  if (timedOut !== null) {
    return { kind: 'timedOut', functionKey: timedOut[1] ?? '', timeoutMs: Number(timedOut[2]) };
  }
  return 'unreadable';
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Sums the invocation reports of every service's output, per function. */
export class InvocationTally {
  readonly #totals = new Map<string, Mutable<InvocationTotals>>();
  #unreadLines = 0;

  /** Reads one line `service` printed; true when it was an invocation report. */
  readLine(service: string, line: string): boolean {
    const report = parseInvocationReport(line);
    if (report === undefined) return false;
    if (report === 'unreadable') {
      this.#unreadLines += 1;
      return true;
    }
    const key = `${service}.${report.functionKey}`;
    let totals = this.#totals.get(key);
    if (totals === undefined) {
      totals = {
        service,
        functionKey: report.functionKey,
        invocations: 0,
        timeouts: 0,
        durationMs: 0,
        billedMs: 0,
      };
      this.#totals.set(key, totals);
    }
    totals.invocations += 1;
    if (report.kind === 'ended') {
      totals.durationMs += report.durationMs;
      totals.billedMs += report.billedMs;
    } else {
      totals.timeouts += 1;
      totals.durationMs += report.timeoutMs;
      totals.billedMs += report.timeoutMs;
    }
    return true;
  }

  get unreadLines(): number {
    return this.#unreadLines;
  }

  /** The totals so far, by service and function. */
  totals(): InvocationTotals[] {
    return [...this.#totals.values()]
      .map((totals) => ({ ...totals }))
      .sort(
        (a, b) => a.service.localeCompare(b.service) || a.functionKey.localeCompare(b.functionKey),
      );
  }
}
