import { fileURLToPath } from 'node:url';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  assertStageName,
  AWS_CLIENT_TIMEOUTS,
  connectToStage,
  DlqError,
  type DlqConnection,
  explainAccessTrouble,
} from './dlqAccess.ts';
import { topology } from '@conveyor/event-types';
import {
  connectToStage as connectToSubscriptions,
  consumerQueues,
  heldSubscriptions,
  snsSqsReplayGateway,
  type StageConnection,
} from '@conveyor/replay';
import { type ExitCode, ExitCodes, TraceError, UsageError } from './errors.ts';
import { formatTrace, traceToJson } from './formatTrace.ts';
import { InsightsLogSource, type LogsClient } from './insightsLogSource.ts';
import {
  type HeldSubscriptionReader,
  inspectQueues,
  type QueueInspector,
} from './inspectQueues.ts';
import { LocalLogSource } from './localLogSource.ts';
import type { LogSource } from './logRecord.ts';
import { parseTraceArguments, type TraceArguments, traceUsage } from './parseTraceArguments.ts';
import { traceOrder } from './traceOrder.ts';

/** Where `npm start` keeps every service's log lines: `<repo>/.local/logs`. */
export const defaultLogsDir = fileURLToPath(new URL('../../../.local/logs', import.meta.url));

/** What the CLI reads from and writes to; `main.ts` passes the process's own. */
export interface TraceCliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results. */
  readonly out: (text: string) => void;
  /** Errors. */
  readonly err: (text: string) => void;
  /** The clock (`--since` counts back from it); the system's by default. */
  readonly now?: () => Date;
  /** Makes the CloudWatch Logs client of an AWS stage; a real `CloudWatchLogsClient` by default. */
  readonly logsClient?: (options: { profile?: string; region?: string }) => LogsClient;
}

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : '');

/**
 * A one-line reason for a failed CloudWatch Logs call, or `undefined` for an error that is not
 * one: the operator tools' shared wording for credentials, region and access, else the SDK's
 * own name and message. smithy's "Region is missing" is a plain `Error`, with no `$metadata`.
 */
const logsError = (error: unknown, stage: string): TraceError | undefined => {
  if (!(error instanceof Error)) return undefined;
  const where = `CloudWatch Logs of stage "${stage}"`;
  const trouble = explainAccessTrouble(error, where);
  if (trouble !== undefined) return new TraceError(trouble, { cause: error });
  if (!('$metadata' in error)) return undefined;
  const name = nameOf(error);
  return new TraceError(
    `${where}: ${name === '' || name === 'Error' ? '' : `${name}: `}${error.message}`,
    { cause: error },
  );
};

const logSourceFor = (args: TraceArguments, io: TraceCliIo, now: Date): LogSource => {
  if (args.stage === 'local') return new LocalLogSource(args.logsDir ?? defaultLogsDir);
  const clientOptions = {
    ...(args.profile === undefined ? {} : { profile: args.profile }),
    ...(args.region === undefined ? {} : { region: args.region }),
  };
  const client =
    io.logsClient?.(clientOptions) ??
    new CloudWatchLogsClient({ ...clientOptions, requestHandler: AWS_CLIENT_TIMEOUTS });
  return new InsightsLogSource({ client, topology, stage: args.stage, from: args.since, to: now });
};

/**
 * Runs one `trace` command line and resolves with its exit code; never throws for an expected
 * failure (it prints the one-line reason to `err`).
 *
 * @example
 * ```ts
 * process.exitCode = await runTraceCli(process.argv.slice(2), io);
 * ```
 */
export const runTraceCli = async (argv: readonly string[], io: TraceCliIo): Promise<ExitCode> => {
  let connection: DlqConnection | undefined;
  // SNS too, only once a consumer waits on an empty queue.
  let subscriptions: Promise<StageConnection> | undefined;
  let stage = 'local';
  try {
    const now = io.now?.() ?? new Date();
    const args = parseTraceArguments(argv, now);
    if (args.help || args.id === undefined) {
      io.out(traceUsage);
      return ExitCodes.Ok;
    }
    stage = args.stage;
    assertStageName(stage);
    const endpoint = io.env['AWS_ENDPOINT_URL_CLOUDWATCH_LOGS'] ?? io.env['AWS_ENDPOINT_URL'];
    if (stage !== 'local' && endpoint !== undefined && endpoint !== '') {
      // As npm run dlq refuses it: a shell set up for the local cloud would query it, not AWS.
      throw new UsageError(
        `Stage "${stage}" is in AWS, but AWS_ENDPOINT_URL_CLOUDWATCH_LOGS/AWS_ENDPOINT_URL is set (${endpoint}), probably from a shell set up for the local cloud. Unset it, or trace the local run (no --stage).`,
      );
    }
    const stageOptions = {
      stage: args.stage,
      profile: args.profile,
      region: args.region,
      env: io.env,
    };
    const readHeld: HeldSubscriptionReader = async (queueName) => {
      const queue = consumerQueues(args.stage).find((candidate) => candidate.name === queueName);
      if (queue === undefined) return undefined;
      subscriptions ??= connectToSubscriptions(stageOptions);
      const { sns, sqs } = await subscriptions;
      const held = await heldSubscriptions(snsSqsReplayGateway(sns, sqs), queue);
      return held?.map(({ topic, endingPoint, status }) => ({
        topic: topic.name,
        endingPoint,
        ...(status === undefined ? {} : { status }),
      }));
    };
    const inspect: QueueInspector | undefined = args.queues
      ? async (ids) => {
          connection ??= await connectToStage(stageOptions);
          return inspectQueues(connection, topology)(ids);
        }
      : undefined;
    const trace = await traceOrder({
      id: args.id,
      source: logSourceFor(args, io, now),
      topology,
      stage,
      ...(inspect === undefined ? {} : { inspectQueues: inspect, readHeld }),
    });
    io.out(args.json ? JSON.stringify(traceToJson(trace), null, 2) : formatTrace(trace, stage));
    return ExitCodes.Ok;
  } catch (error) {
    if (error instanceof TraceError || error instanceof DlqError) {
      io.err(`trace: ${error.message}`);
      return error.exitCode;
    }
    // Only the Logs Insights calls are left to fail: the queue inspection's failures are reported
    // in the trace itself.
    const reason = stage === 'local' ? undefined : logsError(error, stage);
    if (reason !== undefined) {
      io.err(`trace: ${reason.message}`);
      return ExitCodes.Failure;
    }
    throw error;
  } finally {
    connection?.close();
    (await subscriptions?.catch(() => undefined))?.close();
  }
};
