// `sls invoke local -f <function> -p <event.json>` against a running local cloud: the plugin
// gives the function the environment offline would (endpoints, resolved names and ARNs, its own
// credentials), so the handler's calls reach the local cloud and are checked against its role.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  functionAccessKeyId,
  type LocalCloud,
  localCloudIam,
  localRegion,
  startLocalCloud,
} from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome } from './fixture-service/src/awsCalls.ts';
import { fixtureDir } from './support/startOffline.ts';

const stage = 'test-invoke';
const table = `slc-iam-${stage}-calls`;
const serverlessBin = fileURLToPath(
  new URL('../../../node_modules/serverless/bin/serverless.js', import.meta.url),
);

let cloud: LocalCloud | undefined;
let eventsDir = '';

const localCloud = (): LocalCloud => {
  if (cloud === undefined) throw new Error('no local cloud');
  return cloud;
};

/** Runs `sls invoke local` on the IAM fixture with `event`; resolves with its exit code and output. */
const invokeLocal = async (
  functionKey: string,
  event: unknown,
): Promise<{ code: number | null; output: string }> => {
  const eventFile = join(eventsDir, `${functionKey}-${String(Date.now())}.json`);
  await writeFile(eventFile, JSON.stringify(event));
  const child = spawn(
    process.execPath,
    [
      serverlessBin,
      'invoke',
      'local',
      '-f',
      functionKey,
      '-p',
      eventFile,
      '--stage',
      stage,
      '--config',
      'serverless.iam.yml',
    ],
    {
      cwd: fixtureDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CONVEYOR_LOCAL_PORTS: JSON.stringify(localCloud().ports),
        SLC_BUILD_NAME: 'invoke-local',
        SLS_TELEMETRY_DISABLED: '1',
        FORCE_COLOR: '0',
      },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
};

/** The handler's result, which `invoke local` prints as JSON. */
const printedOutcome = (output: string): CallOutcome => {
  const body = /"body":\s*"((?:[^"\\]|\\.)*)"/.exec(output)?.[1];
  if (body === undefined) throw new Error(`no handler result in:\n${output}`);
  return JSON.parse(JSON.parse(`"${body}"`) as string) as CallOutcome;
};

beforeAll(async () => {
  cloud = await startLocalCloud({
    inMemory: true,
    iam: true,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
  });
  eventsDir = await mkdtemp(join(tmpdir(), 'slc-invoke-local-'));
});

afterAll(async () => {
  await cloud?.stop();
  await rm(eventsDir, { recursive: true, force: true });
});

describe('sls invoke local', () => {
  it(
    'runs a function with its own credentials against the local cloud, which its write reaches',
    { timeout: 600_000 },
    async () => {
      // Prepare
      const id = `invoked-${String(process.pid)}`;
      const event = { Records: [{ messageId: '1', body: id, attributes: {} }] };

      // Act
      const { code, output } = await invokeLocal('consumer', event);

      // Assess
      expect(code, output).toBe(0);
      const dynamodb = new DynamoDBClient({
        region: localRegion,
        endpoint: localCloud().endpoints.dynamodb,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const { Item } = await dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      );
      dynamodb.destroy();
      expect(Item).toEqual({ id: { S: id } });
      const key = functionAccessKeyId('slc-iam', stage, 'consumer');
      const decisions = await localCloudIam(localCloud().endpoints.sqs).decisions(key);
      expect(decisions).toContainEqual(
        expect.objectContaining({
          action: 'dynamodb:PutItem',
          resource: `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`,
          decision: 'Allowed',
        }),
      );
    },
  );

  it("refuses a call outside the function's role, as AWS would", { timeout: 600_000 }, async () => {
    // Act
    const { code, output } = await invokeLocal('caller', {
      pathParameters: { what: 'send-other' },
    });

    // Assess
    expect(code, output).toBe(0);
    expect(printedOutcome(output)).toMatchObject({ ok: false, name: 'AccessDenied', status: 403 });
  });
});
