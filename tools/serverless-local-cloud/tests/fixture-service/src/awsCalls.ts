import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, SQSEvent } from 'aws-lambda';

// Configured only through the environment the plugin sets (endpoints, region, credentials).
const sqs = new SQSClient({ maxAttempts: 1 });
const dynamodb = new DynamoDBClient({ maxAttempts: 1 });

const env = (name: string): string => process.env[name] ?? '';

/** What came of one AWS call, as `GET /call/{what}` answers it. */
export type CallOutcome =
  | { readonly ok: true; readonly accessKeyId?: string }
  | {
      readonly ok: false;
      readonly name: string;
      readonly status: number | undefined;
      readonly message: string;
    };

const calls: Readonly<Record<string, () => Promise<unknown>>> = {
  'send-granted': () =>
    sqs.send(
      new SendMessageCommand({ QueueUrl: env('GRANTED_QUEUE_URL'), MessageBody: 'from caller' }),
    ),
  'send-other': () =>
    sqs.send(
      new SendMessageCommand({ QueueUrl: env('OTHER_QUEUE_URL'), MessageBody: 'from caller' }),
    ),
  'read-table': () =>
    dynamodb.send(new GetItemCommand({ TableName: env('CALLS_TABLE'), Key: { id: { S: 'x' } } })),
  'write-table': () =>
    dynamodb.send(new PutItemCommand({ TableName: env('CALLS_TABLE'), Item: { id: { S: 'x' } } })),
};

/** `GET /call/{what}`: makes one AWS call with the function's own credentials and says what came of it. */
export const call = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const what = event.pathParameters?.['what'] ?? '';
  let outcome: CallOutcome;
  if (what === 'whoami') {
    outcome = { ok: true, accessKeyId: env('AWS_ACCESS_KEY_ID') };
  } else {
    const make = calls[what];
    if (make === undefined) return { statusCode: 404, body: 'no such call' };
    try {
      await make();
      outcome = { ok: true };
    } catch (error) {
      const failure = error as {
        name: string;
        message: string;
        $metadata?: { httpStatusCode?: number };
      };
      outcome = {
        ok: false,
        name: failure.name,
        status: failure.$metadata?.httpStatusCode,
        message: failure.message,
      };
    }
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(outcome),
  };
};

/** Records each message it consumes in the calls table (its role grants PutItem there). */
export const consume = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await dynamodb.send(
      new PutItemCommand({ TableName: env('CALLS_TABLE'), Item: { id: { S: record.body } } }),
    );
  }
};
