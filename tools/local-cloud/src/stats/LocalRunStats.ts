import type { HttpAnswer } from '../iam/awsErrorAnswer.ts';
import type { BufferedRequest } from '../iam/BufferedRequest.ts';
import { isNpmStartReport, type NpmStartReport } from './npmStartReport.ts';
import { type RequestCount, RequestCounter } from './RequestCounter.ts';

/** Path of the local run's counters, on the SQS/SNS/S3 port. */
export const statsPath = '/_local-cloud/stats';

/** What `GET /_local-cloud/stats` answers. */
export interface LocalRunSnapshot {
  /** When this local cloud process started counting (a restarted one starts again from 0). */
  readonly countingSince: string;
  /** When the snapshot was taken. */
  readonly at: string;
  /** Every AWS API call served since `countingSince`, per service, operation and caller. */
  readonly requests: readonly RequestCount[];
  /**
   * `npm start`'s last report (its pid, readiness, and the Lambda invocations serverless-offline
   * reported); absent when the local cloud runs without npm start's supervisor.
   */
  readonly npmStart?: Omit<NpmStartReport, 'kind'> & { readonly receivedAt: string };
}

/**
 * The local run's counters: the calls the enforcement layer saw, and what `npm start`'s
 * supervisor reports. Read by `npm run bench:e2e`.
 */
export class LocalRunStats {
  readonly requests = new RequestCounter();
  readonly #since = new Date().toISOString();
  #npmStart: LocalRunSnapshot['npmStart'];

  /** Takes an IPC message from the supervisor; other messages are ignored. */
  acceptMessage(message: unknown): void {
    if (!isNpmStartReport(message)) return;
    const { kind: _kind, ...report } = message;
    this.#npmStart = { ...report, receivedAt: new Date().toISOString() };
  }

  snapshot(): LocalRunSnapshot {
    return {
      countingSince: this.#since,
      at: new Date().toISOString(),
      requests: this.requests.list(),
      ...(this.#npmStart === undefined ? {} : { npmStart: this.#npmStart }),
    };
  }

  /** Answers `GET /_local-cloud/stats`. */
  answer(request: BufferedRequest): HttpAnswer {
    const path = request.rawPath.replace(/\/+$/, '');
    if (path !== statsPath || request.method.toUpperCase() !== 'GET') {
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `No ${request.method} ${request.rawPath} here.` }),
      };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify(this.snapshot()),
    };
  }
}

/**
 * Reads the counters of the local cloud at `endpoint` (its SQS/SNS/S3 endpoint); undefined when
 * it serves none (it runs with `--no-iam`, or is not a Conveyor local cloud).
 */
export const readLocalRunStats = async (
  endpoint: string,
  timeoutMs = 10_000,
): Promise<LocalRunSnapshot | undefined> => {
  const response = await fetch(`${endpoint}${statsPath}`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<LocalRunSnapshot>;
    return Array.isArray(parsed.requests) ? (parsed as LocalRunSnapshot) : undefined;
  } catch {
    return undefined;
  }
};
