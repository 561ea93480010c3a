// What IAM enforcement adds per request: `npx node tools/local-cloud/bench/iamLatency.ts [calls]`.
// Starts an in-memory local cloud on free loopback ports without enforcement, then with it, and
// times sequential SQS SendMessage and DynamoDB GetItem calls from real SDK clients: as an
// administrator (passed through) and as a registered function (signature checked, policy
// evaluated). Prints medians and 95th percentiles; figures vary with the machine's load.
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localCloudIam, localRegion, startLocalCloud } from '../src/index.ts';

const calls = Math.min(Number(process.argv[2] ?? 2000) || 2000, 20_000);
const warmUp = Math.ceil(calls / 10);

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

const time = async (what: string, call: () => Promise<unknown>): Promise<string> => {
  for (let index = 0; index < warmUp; index += 1) await call();
  const samples: number[] = [];
  for (let index = 0; index < calls; index += 1) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return `${what.padEnd(44)} p50 ${percentile(samples, 0.5).toFixed(3)} ms  p95 ${percentile(samples, 0.95).toFixed(3)} ms`;
};

const measure = async (iam: boolean): Promise<string[]> => {
  const cloud = await startLocalCloud({
    inMemory: true,
    iam,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
  });
  const clientsFor = (credentials: Credentials): { sqs: SQSClient; dynamodb: DynamoDBClient } => ({
    sqs: new SQSClient({ region: localRegion, endpoint: cloud.endpoints.sqs, credentials }),
    dynamodb: new DynamoDBClient({
      region: localRegion,
      endpoint: cloud.endpoints.dynamodb,
      credentials,
    }),
  });
  const admin = clientsFor({ accessKeyId: 'local', secretAccessKey: 'local' });
  try {
    const { QueueUrl } = await admin.sqs.send(new CreateQueueCommand({ QueueName: 'bench' }));
    await admin.dynamodb.send(
      new CreateTableCommand({
        TableName: 'bench',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists(
      { client: admin.dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'bench' },
    );
    const send = (clients: { sqs: SQSClient }) => () =>
      clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    const get = (clients: { dynamodb: DynamoDBClient }) => () =>
      clients.dynamodb.send(new GetItemCommand({ TableName: 'bench', Key: { id: { S: '1' } } }));
    const mode = iam ? 'IAM on ' : 'IAM off';
    const lines = [
      await time(`${mode} administrator SendMessage`, send(admin)),
      await time(`${mode} administrator GetItem`, get(admin)),
    ];
    if (iam) {
      const [credentials] = await localCloudIam(cloud.endpoints.sqs).registerFunctions([
        {
          service: 'bench',
          stage: 'local',
          functionKey: 'fn',
          functionName: 'bench-local-fn',
          roleName: 'bench-local-fn-role',
          statements: [
            {
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: `arn:aws:sqs:${localRegion}:000000000000:bench`,
            },
            {
              Effect: 'Allow',
              Action: 'dynamodb:GetItem',
              Resource: `arn:aws:dynamodb:${localRegion}:000000000000:table/bench`,
            },
          ],
        },
      ]);
      if (credentials === undefined) throw new Error('no credentials');
      const fn = clientsFor(credentials);
      lines.push(await time(`${mode} function SendMessage`, send(fn)));
      lines.push(await time(`${mode} function GetItem`, get(fn)));
      fn.sqs.destroy();
      fn.dynamodb.destroy();
    }
    return lines;
  } finally {
    admin.sqs.destroy();
    admin.dynamodb.destroy();
    await cloud.stop();
  }
};

const lines = [...(await measure(false)), ...(await measure(true))];
process.stdout.write(
  `${calls} sequential calls each (after ${warmUp} to warm up)\n${lines.join('\n')}\n`,
);
