import { EventSourceConfigError } from './errors.ts';
import { type IntrinsicContext, resolveIntrinsicString } from './resolveIntrinsics.ts';
import { isFifoName, type LocalCloudIdentity, parseArn, queueUrl } from './resourceCatalog.ts';
import type { ServerlessFunction } from './serverlessTypes.ts';
import { isRecord } from './isRecord.ts';

/** One `sqs` event of a function: an event source mapping to run locally. */
export interface SqsEventSource {
  readonly functionKey: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly fifo: boolean;
  readonly batchSize: number;
  /** Seconds to wait to fill a batch; 0 invokes as soon as one receive returns records. */
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** Batches of this source in flight at once. */
  readonly maximumConcurrency: number;
}

/** Lambda's SQS default batch size. */
export const defaultBatchSize = 10;
/** Concurrent batches of a standard source: Lambda's five pollers to start with. */
export const defaultConcurrency = 5;
/** Concurrent batches of a FIFO source: Lambda scales it with the number of active groups. */
export const defaultFifoConcurrency = 10;
const maxFifoBatchSize = 10;
const maxReceiveBatch = 10;

const optionalInteger = (value: unknown, where: string, name: string): number | undefined => {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new EventSourceConfigError(`${where}: ${name} must be a non-negative integer`);
  }
  return value;
};

const readOne = (
  functionKey: string,
  index: number,
  sqs: unknown,
  context: IntrinsicContext,
  identity: LocalCloudIdentity,
  notes: string[],
): SqsEventSource | undefined => {
  const path = `functions.${functionKey}.events[${index}].sqs`;
  // osls takes either an ARN string or { arn, batchSize, ... }.
  const settings: Readonly<Record<string, unknown>> = isRecord(sqs) ? sqs : { arn: sqs };
  if (settings['enabled'] === false) {
    notes.push(`${path} is disabled (enabled: false); not polling it`);
    return undefined;
  }
  const queueArn = resolveIntrinsicString(settings['arn'], context, `${path}.arn`);
  const arn = parseArn(queueArn);
  if (arn?.service !== 'sqs') {
    throw new EventSourceConfigError(`${path}.arn: ${queueArn} is not an SQS queue ARN`);
  }
  if (arn.accountId !== identity.accountId || arn.region !== identity.region) {
    throw new EventSourceConfigError(
      `${path}.arn: ${queueArn} is outside the local cloud (account ${identity.accountId}, region ${identity.region}); build it with \${AWS::AccountId} and \${AWS::Region}`,
    );
  }
  const queueName = arn.resource;
  const fifo = isFifoName(queueName);
  const where = `Function ${functionKey}, sqs event on ${queueName}`;
  const batchSize = optionalInteger(settings['batchSize'], where, 'batchSize') ?? defaultBatchSize;
  const window = optionalInteger(settings['maximumBatchingWindow'], where, 'maximumBatchingWindow');
  if (batchSize < 1) {
    throw new EventSourceConfigError(`${where}: batchSize must be at least 1`);
  }
  if (fifo && window !== undefined) {
    // AWS's deploy-time answer, quoted from a CloudFormation failure in
    // https://github.com/aws/aws-lambda-dotnet/pull/1758: "Resource handler returned message:
    // "Invalid request provided: Batching window is not supported for FIFO queues (Service:
    // Lambda, Status Code: 400, ...)". osls emits MaximumBatchingWindowInSeconds whenever the
    // setting is present, 0 included, so any value is refused.
    throw new EventSourceConfigError(
      `${where}: Invalid request provided: Batching window is not supported for FIFO queues`,
    );
  }
  if (fifo && batchSize > maxFifoBatchSize) {
    throw new EventSourceConfigError(
      `${where}: batchSize ${batchSize} is over 10, the most Lambda allows for a FIFO queue`,
    );
  }
  if (!fifo && batchSize > maxReceiveBatch && (window ?? 0) === 0) {
    // AWS's CreateEventSourceMapping error, as reported in https://github.com/aws/chalice/issues/1778.
    throw new EventSourceConfigError(
      `${where}: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10`,
    );
  }
  if (settings['filterPatterns'] !== undefined) {
    notes.push(`${where}: filterPatterns are not applied locally; the function gets every record`);
  }
  // Lambda polls a standard queue with 5 concurrent batches at first, and scales a FIFO queue
  // with its number of active message groups; locally a FIFO source runs up to 10 groups at once.
  const maximumConcurrency =
    optionalInteger(settings['maximumConcurrency'], where, 'maximumConcurrency') ??
    (fifo ? defaultFifoConcurrency : defaultConcurrency);
  return {
    functionKey,
    queueArn,
    queueName,
    queueUrl: queueUrl(identity, queueName),
    fifo,
    batchSize,
    maximumBatchingWindowSeconds: window ?? 0,
    reportBatchItemFailures: settings['functionResponseType'] === 'ReportBatchItemFailures',
    maximumConcurrency,
  };
};

/**
 * Reads every function's `sqs` events and checks them as AWS would at deploy time: a FIFO queue
 * takes no batching window and at most 10 records per batch; a standard queue needs a window for
 * batches over 10. Disabled events are skipped; `notes` says what is skipped or not emulated.
 */
export const readSqsEventSources = (
  functions: Readonly<Record<string, ServerlessFunction>>,
  context: IntrinsicContext,
  identity: LocalCloudIdentity,
): { readonly sources: readonly SqsEventSource[]; readonly notes: readonly string[] } => {
  const sources: SqsEventSource[] = [];
  const notes: string[] = [];
  for (const [functionKey, definition] of Object.entries(functions)) {
    (definition.events ?? []).forEach((event, index) => {
      if (event['sqs'] !== undefined) {
        const source = readOne(functionKey, index, event['sqs'], context, identity, notes);
        if (source !== undefined) {
          sources.push(source);
        }
      }
    });
  }
  return { sources, notes };
};
