import type { AuthorizationCheck, DescribedRequest } from './AuthorizationCheck.ts';
import { type ArnScope, queueArn, queueArnFromUrl } from './arns.ts';

// Batch calls are authorised as their single-message action.
const actionOf: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

// Actions IAM authorises on `*`: they name no queue.
const accountWide = new Set(['ListQueues']);

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * What an SQS call (AWS JSON protocol: `X-Amz-Target: AmazonSQS.<Operation>`) needs: the action
 * and the queue it names (`QueueUrl`, `QueueName` or a message move task's `SourceArn`).
 */
export const describeSqsRequest = (
  target: string,
  body: unknown,
  scope: ArnScope,
): DescribedRequest => {
  const operation = target.slice(target.indexOf('.') + 1);
  const input = isRecord(body) ? body : {};
  const action = `sqs:${actionOf[operation] ?? operation}`;
  const queueUrl = text(input['QueueUrl']);
  const queueName = text(input['QueueName']);
  const sourceArn = text(input['SourceArn']);
  const owner = text(input['QueueOwnerAWSAccountId']);
  let resource: string | undefined;
  if (accountWide.has(operation)) resource = '*';
  else if (queueUrl !== undefined) resource = queueArnFromUrl(queueUrl, scope);
  else if (queueName !== undefined)
    resource = queueArn(queueName, owner === undefined ? scope : { ...scope, accountId: owner });
  else if (sourceArn !== undefined) resource = sourceArn;
  const check: AuthorizationCheck = {
    action: resource === undefined ? undefined : action,
    resources: resource === undefined ? [] : [resource],
    context: {},
  };
  return { operation, checks: [check] };
};
