import { localAccountId, localRegion } from '../localAccount.ts';
import type { AwsApi } from '../iam/awsErrorAnswer.ts';
import { type BufferedRequest, jsonBody } from '../iam/BufferedRequest.ts';
import { describeS3Request } from '../iam/describeS3Request.ts';
import { describeSesRequest } from '../iam/describeSesRequest.ts';
import { isFunctionAccessKeyId } from '../iam/functionIdentity.ts';
import { readSigV4 } from '../iam/sigV4.ts';

/** The AWS service a counted call went to (SES v1 and v2 are one service, as AWS bills them). */
export const CountedService = {
  sqs: 'sqs',
  sns: 'sns',
  s3: 's3',
  dynamodb: 'dynamodb',
  ses: 'ses',
  sts: 'sts',
} as const;
export type CountedService = (typeof CountedService)[keyof typeof CountedService];

/** Who made a call: a function's access key id (`fn.<service>.<stage>.<function>`), or else. */
export const OtherCaller = {
  /** Signed with credentials that are not a function's: scripts, tests, the plugin, the DLQ tool. */
  administrator: 'administrator',
  unsigned: 'unsigned',
} as const;

/** One AWS API call as the counter sees it. */
export interface DescribedCall {
  readonly service: CountedService;
  /** `ReceiveMessage`, `PutItem`, `Publish`, `PutObject`, `SendEmail`, ... */
  readonly operation: string;
  /** A function's access key id, `administrator` or `unsigned`. */
  readonly caller: string;
  /** Items the call carries: the entries of a batch, else 1. */
  readonly entries: number;
  /** Size of the request body (for SNS, roughly the payload a publish is billed for). */
  readonly bytes: number;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (body: Buffer): unknown => {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return {};
  }
};

const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** Items of a DynamoDB batch or transaction (`RequestItems` per table, `TransactItems`). */
const dynamoDbEntries = (operation: string, input: Readonly<Record<string, unknown>>): number => {
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return lengthOf(input['TransactItems']);
  }
  const requestItems = input['RequestItems'];
  if (!isRecord(requestItems)) return 1;
  let count = 0;
  for (const table of Object.values(requestItems)) {
    // BatchWriteItem: an array of requests per table; BatchGetItem: { Keys: [...] } per table.
    count += Array.isArray(table) ? table.length : isRecord(table) ? lengthOf(table['Keys']) : 0;
  }
  return count;
};

const callerOf = (request: BufferedRequest): string => {
  const signature = readSigV4(request);
  if (signature === undefined) return OtherCaller.unsigned;
  const key = signature.accessKeyId;
  // Other keys are not shown: a developer's real access key id has no business in a report.
  return key !== undefined && isFunctionAccessKeyId(key) ? key : OtherCaller.administrator;
};

const scope = { accountId: localAccountId, region: localRegion };

const describeOperation = (api: AwsApi, request: BufferedRequest): Omit<DescribedCall, 'bytes'> => {
  const caller = callerOf(request);
  const target = request.headers['x-amz-target'] ?? '';
  switch (api) {
    case 'sqs': {
      const operation = target.slice(target.indexOf('.') + 1);
      const input = jsonBody(request);
      const entries = operation.endsWith('Batch') && isRecord(input) ? input['Entries'] : undefined;
      return {
        service: CountedService.sqs,
        operation,
        caller,
        entries: entries === undefined ? 1 : lengthOf(entries),
      };
    }
    case 'dynamodb': {
      const operation = target.slice(target.indexOf('.') + 1);
      const input = jsonBody(request);
      return {
        service: CountedService.dynamodb,
        operation,
        caller,
        entries:
          /^(Batch|Transact)/.test(operation) && isRecord(input)
            ? dynamoDbEntries(operation, input)
            : 1,
      };
    }
    case 'sns': {
      const params = new URLSearchParams(request.body.toString('utf8'));
      const operation = params.get('Action') ?? '';
      const entries =
        operation === 'PublishBatch'
          ? [...params.keys()].filter((key) =>
              /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(key),
            ).length
          : 1;
      return { service: CountedService.sns, operation, caller, entries };
    }
    case 's3':
      return {
        service: CountedService.s3,
        operation: describeS3Request(request).operation,
        caller,
        entries: 1,
      };
    case 'sesV1':
    case 'sesV2':
      return {
        service: CountedService.ses,
        operation: describeSesRequest(request, scope).operation,
        caller,
        entries: 1,
      };
    case 'sts':
      return { service: CountedService.sts, operation: 'GetCallerIdentity', caller, entries: 1 };
  }
};

/**
 * What an AWS API request to the local cloud is, for counting: the service, the operation, who
 * signed it, how many items it carries and how large it is.
 */
export const describeCall = (api: AwsApi, request: BufferedRequest): DescribedCall => ({
  ...describeOperation(api, request),
  bytes: request.body.length,
});

/** How many messages an SQS `ReceiveMessage` answer (AWS JSON) holds; undefined if unreadable. */
export const receivedMessageCount = (answer: Buffer): number | undefined => {
  const parsed = parseJson(answer);
  if (!isRecord(parsed)) return undefined;
  const messages = parsed['Messages'];
  if (messages === undefined) return 0;
  return Array.isArray(messages) ? messages.length : undefined;
};
