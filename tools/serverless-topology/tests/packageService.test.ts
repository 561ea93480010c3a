import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { archiveRetentionDaysFor, operationsTopicName, topology } from '@conveyor/event-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_QUEUE_ACTIONS } from '../src/buildServiceTopology.ts';
import { TagShapes, taggableResourceTypes } from '../src/tagResources.ts';

// Real services packaged by osls, as `npx nx run <service>:package` does (no AWS credentials).
// Each is packaged from a copy of its folder: `sls package` empties the service's own .serverless/
// first, even with --package elsewhere, and tools/stack-checks reads what `nx run <svc>:package`
// left there.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A copy of `services/<service>` (its git-tracked files) and the shared base files, beside links
 * to the repository's node_modules, libs, tools and base tsconfig, so that it builds as in place.
 */
const copyService = async (service: string): Promise<string> => {
  const root = join(scratch, `repo-${service}`);
  const { stdout } = await promisify(execFile)(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', 'services'],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  const files = stdout
    .split('\0')
    .filter(
      (file) =>
        (file.startsWith(`services/${service}/`) || /^services\/[^/]+$/.test(file)) &&
        existsSync(join(repoRoot, file)),
    );
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await copyFile(join(repoRoot, file), join(root, file));
  }
  for (const entry of ['node_modules', 'libs', 'tools', 'tsconfig.base.json', 'package.json']) {
    if (!existsSync(join(root, entry))) {
      await symlink(join(repoRoot, entry), join(root, entry));
    }
  }
  return join(root, 'services', service);
};

interface Resource {
  readonly Type: string;
  readonly Condition?: string;
  readonly Properties: Record<string, unknown>;
}

interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Conditions?: Record<string, unknown>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

let scratch = '';

/** Runs osls in a copy of the service's folder: its exit code and its output. */
const runSls = async (
  service: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number | null; output: string }> => {
  const serviceDir = await copyService(service);
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/serverless/bin/serverless.js'), ...args],
    {
      cwd: serviceDir,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Below the test's own timeout: a run that hangs is stopped, not left behind.
      timeout: 280_000,
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
};

const packageService = async (
  service: string,
  stage: string,
  extraArgs: readonly string[] = [],
): Promise<Template> => {
  const out = join(scratch, `${service}-${stage}`);
  const { code, output } = await runSls(
    service,
    ['package', '--stage', stage, '--package', out, ...extraArgs],
    { CONVEYOR_ESBUILD_DIR: join(scratch, `build-${service}-${stage}`) },
  );
  if (code !== 0) throw new Error(`sls package of ${service} exited with ${code}:\n${output}`);
  const text = await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
  return JSON.parse(text) as Template;
};

const ofType = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

const getAtt = (logicalId: string, attribute: string): unknown => ({
  'Fn::GetAtt': [logicalId, attribute],
});

// The event source of email's notifications queue (a team may add another queue to email).
const notificationsMapping = (template: Template): Resource | undefined =>
  ofType(template, 'AWS::Lambda::EventSourceMapping').find(
    ([, each]) =>
      JSON.stringify(each.Properties.EventSourceArn) ===
      JSON.stringify(getAtt('NotificationsQueue', 'Arn')),
  )?.[1];

// What topology.json subscribes email's queue to.
const emailTopicKeys = Object.keys(topology.queues.emailNotifications?.subscriptions ?? {});

const topicArn = (name: string): unknown => ({
  'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name}`,
});

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'serverless-topology-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('sls package of email (a consumer) in dev', () => {
  let template: Template;

  beforeAll(async () => {
    template = await packageService('email', 'dev');
  });

  it('holds one subscription per subscription in topology.json, each with a redrive policy to the DLQ', () => {
    // Prepare
    expect(emailTopicKeys.length).toBeGreaterThan(0);

    // Act: the notifications queue's (a team may add another queue to email).
    const subscriptions = ofType(template, 'AWS::SNS::Subscription').filter(
      ([, subscription]) =>
        JSON.stringify(subscription.Properties.Endpoint) ===
        JSON.stringify(getAtt('NotificationsQueue', 'Arn')),
    );

    // Assess
    const declared = emailTopicKeys.map(
      (topicKey) => `${topology.topics[topicKey]?.logicalId ?? topicKey}Subscription`,
    );
    expect(subscriptions.map(([id]) => id).sort()).toEqual(declared.sort());
    for (const [, subscription] of subscriptions) {
      expect(subscription.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt('NotificationsDlq', 'Arn'),
      });
    }
  });

  it('lets SNS send to the DLQ from exactly the subscribed topics', () => {
    // Act
    const policy = template.Resources.NotificationsDlqPolicy;

    // Assess
    const topics = emailTopicKeys.map((topicKey) =>
      topicArn(`conveyor-dev-${topology.topics[topicKey]?.name ?? topicKey}`),
    );
    expect(policy?.Properties).toMatchObject({
      Queues: [{ Ref: 'NotificationsDlq' }],
      PolicyDocument: {
        Statement: [
          {
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': topics } },
          },
        ],
      },
    });
  });

  it("sets the queue's visibility to 6 x its function's timeout, and the event source's settings", () => {
    // Act
    const timeout = template.Resources.OnNotificationEventLambdaFunction?.Properties.Timeout;
    const queue = template.Resources.NotificationsQueue?.Properties;
    const mapping = notificationsMapping(template);

    // Assess
    expect(timeout).toBe(20);
    expect(queue?.VisibilityTimeout).toBe(120);
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: getAtt('NotificationsQueue', 'Arn'),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(mapping?.Properties).not.toHaveProperty('MaximumBatchingWindowInSeconds');
  });

  it("gives the consuming function's own role the queue's five actions on that queue only", () => {
    // Act
    const role = template.Resources.OnNotificationEventIamRoleLambdaExecution?.Properties as {
      Policies: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } }[];
    };

    // Assess
    const statements = role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: [...CONSUMER_QUEUE_ACTIONS],
      Resource: getAtt('NotificationsQueue', 'Arn'),
    });
  });

  it("removes the framework's default role, which no function runs on, and keeps each function's own", () => {
    // Act
    const roles = ofType(template, 'AWS::IAM::Role').map(([id]) => id);
    const rolesInUse = ofType(template, 'AWS::Lambda::Function').map(
      ([, fn]) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
    );

    // Assess
    expect(roles).not.toContain('IamRoleLambdaExecution');
    expect(rolesInUse).toContain('OnNotificationEventIamRoleLambdaExecution');
    expect(roles.sort()).toEqual([...new Set(rolesInUse)].sort());
  });

  it('makes every alarm notify the operations topic when it fires and when it recovers', () => {
    // Act
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm');

    // Assess
    const operations = [topicArn(operationsTopicName('dev'))];
    expect(alarms.map(([id]) => id)).toEqual(
      expect.arrayContaining(['NotificationsDlqDepthAlarm', 'NotificationsQueueAgeAlarm']),
    );
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: operations, OKActions: operations });
    }
  });

  it("draws the stage's dashboard of the queue, its DLQ and its consumer, by their resources", () => {
    // Act
    const dashboard = template.Resources.Dashboard?.Properties;

    // Assess
    expect(dashboard?.DashboardName).toBe('conveyor-dev-email');
    const body = (dashboard?.DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
    expect(() => JSON.parse(body) as unknown).not.toThrow();
    const references = new Set(
      [...body.matchAll(/\$\{([^}.]+)(?:\.[^}]+)?\}/g)].map(([, reference = '']) => reference),
    );
    // At least the notifications queue's (a queue a team adds to email is drawn too).
    expect([...references]).toEqual(
      expect.arrayContaining([
        'NotificationsQueue',
        'NotificationsDlq',
        'OnNotificationEventLambdaFunction',
        'AWS::Region',
      ]),
    );
    for (const reference of references) {
      if (!reference.startsWith('AWS::')) expect(template.Resources).toHaveProperty(reference);
    }
  });

  it("reserves its consumer's concurrency for the event source, and throttles the HTTP API", () => {
    // Act
    const consumer = template.Resources.OnNotificationEventLambdaFunction?.Properties;
    const mapping = notificationsMapping(template);
    const stage = template.Resources.HttpApiStage?.Properties;

    // Assess
    const maximum = (mapping?.Properties.ScalingConfig as { MaximumConcurrency: number })
      .MaximumConcurrency;
    expect(consumer?.ReservedConcurrentExecutions).toBeGreaterThanOrEqual(maximum);
    expect(stage?.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('tags every taggable resource, what the framework generates per function included', () => {
    // Act
    const untagged = Object.entries(template.Resources).flatMap(([id, resource]) => {
      const shape = taggableResourceTypes[resource.Type];
      if (shape === undefined) return [];
      const tags = resource.Properties.Tags;
      const map =
        shape === TagShapes.Map
          ? (tags as Record<string, string>)
          : Object.fromEntries(
              (tags as { Key: string; Value: string }[]).map(({ Key, Value }) => [Key, Value]),
            );
      const { service, owner, stage } = map;
      return service === 'email' && owner === 'email-team' && stage === 'dev' ? [] : [id];
    });

    // Assess
    expect(untagged).toEqual([]);
    expect(template.Resources.OnNotificationEventLogGroup?.Properties.Tags).toBeDefined();
    expect(template.Resources.GetSentEmailLogGroup?.Properties.Tags).toBeDefined();
  });
});

describe('sls package of checkout (a producer) in the local stage, first pass of a new stage', () => {
  let template: Template;

  beforeAll(async () => {
    template = await packageService('checkout', 'local', ['--param=subscribe=false']);
  });

  it('builds the topic, its output and the variable the publishers read', () => {
    // Act
    const topic = template.Resources.OrderEventsTopic?.Properties;
    const publisher = template.Resources.PostCheckoutLambdaFunction?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };

    // Assess
    expect(topic).toMatchObject({
      TopicName: 'conveyor-local-order-events.fifo',
      FifoTopic: true,
      KmsMasterKeyId: 'alias/aws/sns',
      ArchivePolicy: { MessageRetentionPeriod: archiveRetentionDaysFor('orderEvents', 'local') },
    });
    expect(template.Outputs?.OrderEventsTopicArn).toEqual({ Value: { Ref: 'OrderEventsTopic' } });
    expect(publisher.Environment.Variables.ORDER_EVENTS_TOPIC_ARN).toEqual({
      Ref: 'OrderEventsTopic',
    });
    expect(template.Resources.OrderEventsDeliveryFailuresAlarm?.Properties).toMatchObject({
      MetricName: 'NumberOfNotificationsFailed',
      AlarmActions: [topicArn(operationsTopicName('local'))],
    });
  });

  it('leaves the subscriptions to other topics out through the Subscribe condition', () => {
    // Act
    const subscriptions = ofType(template, 'AWS::SNS::Subscription');

    // Assess
    expect(template.Conditions?.Subscribe).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(subscriptions).toHaveLength(2);
    for (const [, subscription] of subscriptions) expect(subscription.Condition).toBe('Subscribe');
  });

  it("uses the local stage's consumer timeout for the visibility", () => {
    // Act
    const timeout = template.Resources.OnOrderProgressLambdaFunction?.Properties.Timeout;
    const visibility = template.Resources.OrderStatusQueue?.Properties.VisibilityTimeout;

    // Assess
    expect(timeout).toBe(10);
    expect(visibility).toBe(60);
  });
});

describe('sls package of checkout (a producer) in prod', () => {
  let template: Template;

  beforeAll(async () => {
    template = await packageService('checkout', 'prod');
  });

  it('archives every topic it produces for a year', () => {
    // Prepare
    const produced = Object.values(topology.topics).filter(
      (topic) => topic.producer === 'checkout',
    );
    expect(produced.length).toBeGreaterThan(0);

    // Act
    const archives = Object.fromEntries(
      ofType(template, 'AWS::SNS::Topic').map(([id, topic]) => [
        id,
        topic.Properties.ArchivePolicy,
      ]),
    );

    // Assess
    expect(archives).toEqual(
      Object.fromEntries(
        produced.map((topic) => [`${topic.logicalId}Topic`, { MessageRetentionPeriod: 365 }]),
      ),
    );
  });
});

describe('sls deploy, refused before it builds or looks for credentials', () => {
  it.each([
    [['deploy', '--stage', 'local'], 'sls deploy --stage local refused'],
    [['deploy'], 'sls deploy changes a stack in AWS: name its stage with --stage'],
  ])('%j', async (args, refusal) => {
    // Prepare: credentials that reach nothing, should the refusal not come.
    const env = {
      HOME: scratch,
      AWS_ACCESS_KEY_ID: 'AKIAREFUSEDBEFORECALL',
      AWS_SECRET_ACCESS_KEY: 'never-used',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };

    // Act
    const { code, output } = await runSls('checkout', args, env);

    // Assess
    expect(code).not.toBe(0);
    expect(output).toContain(refusal);
    expect(output).not.toMatch(/Packaging|cloudformation\.us-east-1/);
  });
});
