import type { SQSRecord } from 'aws-lambda';

/** What a fixture handler does with a record. */
export type Behaviour = 'ok' | 'fail' | 'throw' | 'timeout' | 'badItemIdentifier';

/** The body of every message the tests send to the fixture's work queues. */
export interface Instruction {
  /** Identifies one test's messages. */
  readonly runId: string;
  /** Names the record in assertions, e.g. "A2". */
  readonly name: string;
  readonly behaviour: Behaviour;
  /** The behaviour applies while ApproximateReceiveCount is below this; always when absent. */
  readonly untilReceive?: number;
  /** Processing the record waits this long (on I/O, as real work does), in milliseconds. */
  readonly delayMs?: number;
}

/** What a handler reports about one invocation, on the observations queue. */
export interface Observation {
  readonly functionName: string;
  /** process.hrtime.bigint() at the report, as a string: orders invocations in one process. */
  readonly at: string;
  /** process.hrtime.bigint() as the invocation began, likewise. */
  readonly startedAt: string;
  readonly records: readonly SQSRecord[];
  readonly outcome: 'returned' | 'threw' | 'timedOut' | 'badResponse';
  /** Message ids processed successfully, in processing order. */
  readonly processed: readonly string[];
  /** Message ids reported in batchItemFailures. */
  readonly failed: readonly string[];
  /** The endpoint environment the function ran with. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** AWS_LAMBDA_INITIALIZATION_TYPE as the function saw it ('' when unset). */
  readonly initializationType: string;
  /** The execution environment (module instance) that ran the invocation. */
  readonly instanceId: string;
  readonly requestId: string;
}
