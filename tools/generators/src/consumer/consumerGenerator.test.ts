import { EventTypesError } from '@conveyor/event-types';
import { logger, type Tree, workspaceRoot } from '@nx/devkit';
import { FsTree } from '@nx/devkit/internal';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GeneratorError } from '../GeneratorError.ts';
import { addService } from '../service/serviceGenerator.ts';
import { STAGE_DASHBOARD_PATH } from '../updateStageDashboard.ts';
import {
  type AddedConsumer,
  addConsumer,
  consumerGenerator,
  type ConsumerGeneratorOptions,
} from './consumerGenerator.ts';

// Trees over the real workspace, written in memory only. A generated service has what a
// generated consumer takes from its composition root. Its name is none the READMEs give as an
// example (order-audit), which a workspace that followed them already has.
const treeWithService = async (): Promise<Tree> => {
  const tree = new FsTree(workspaceRoot, false);
  await addService(tree, {
    name: 'probe-audit',
    topic: 'orderEvents',
    events: 'order.placed',
    skipFormat: true,
  });
  return tree;
};

const read = (tree: Tree, path: string): string => {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} was not written`);
  return text;
};

const stockQueue: ConsumerGeneratorOptions = {
  service: 'probe-audit',
  queue: 'probeAuditStock',
  topic: 'inventoryEvents',
  events: 'inventory.reserved, inventory.reservation-failed',
  kind: 'standard',
  batchSize: 20,
  batchingWindow: 3,
};

describe('addConsumer', () => {
  let tree: Tree;
  let added: AddedConsumer;

  beforeAll(async () => {
    tree = await treeWithService();
    added = await addConsumer(tree, stockQueue);
  });

  it('adds the queue to topology.json with its kind, settings and subscription', () => {
    // Act
    const queue = added.topology.queues.probeAuditStock;

    // Assess
    expect(queue).toEqual({
      logicalId: 'ProbeAuditStock',
      name: 'probe-audit-stock',
      dlqName: 'probe-audit-stock-dlq',
      fifo: false,
      consumer: 'probe-audit',
      function: 'onProbeAuditStock',
      batchSize: 20,
      batchingWindow: 3,
      maximumConcurrency: 5,
      subscriptions: {
        inventoryEvents: { events: ['inventory.reserved', 'inventory.reservation-failed'] },
      },
    });
    expect(JSON.parse(read(tree, 'libs/event-types/topology.json'))).toMatchObject({
      queues: { probeAuditStock: { name: 'probe-audit-stock' } },
    });
  });

  it('writes a toolkit handler for the queue that takes every event it delivers', () => {
    // Act
    const handler = read(tree, 'services/probe-audit/src/handlers/onProbeAuditStock.ts');

    // Assess
    expect(handler).toContain('export const handler = makeSqsEventHandler({');
    expect(handler).toContain("queue: 'probeAuditStock',");
    expect(handler).toContain("import { onProbeAuditStockDeps } from '../compositionRoot.ts';");
    expect(handler).toContain('idempotency: deps.eventIdempotency,');
    expect(handler).toContain('tracer: deps.tracer,');
    expect(handler).toContain(
      'const outcome = handleProbeAuditStockEvent(event, deps.handleProbeAuditStockEventDeps);',
    );
    // Inside the idempotency: the line a duplicate answered by its eventId record does not log.
    expect(handler).toMatch(
      /logger\.info\('Domain outcome', \{\s+eventType: outcome\.eventType,\s+aggregateId: outcome\.aggregateId,/,
    );
    expect(handler).toMatch(
      /handlers: \{\s+'inventory\.reserved': handle,\s+'inventory\.reservation-failed': handle,\s+\}/,
    );
  });

  it('gives the function its builder in the composition root, with its own idempotency keys', () => {
    // Act
    const root = read(tree, 'services/probe-audit/src/compositionRoot.ts');

    // Assess
    expect(root).toContain("keyPrefix: 'probe-audit.onProbeAuditStock',");
    expect(root).toContain('export const onProbeAuditStockDeps = (): OnProbeAuditStockDeps =>');
    expect(root).toMatch(/^import \{ SQSClient \} from '@aws-sdk\/client-sqs';$/m);
  });

  it('writes the domain function and a unit test of it per event type', () => {
    // Act
    const domain = read(tree, 'services/probe-audit/src/domain/handleProbeAuditStockEvent.ts');
    const test = read(tree, 'services/probe-audit/src/domain/handleProbeAuditStockEvent.test.ts');

    // Assess
    expect(domain).toMatch(
      /export type ProbeAuditStockEvent =\s+EventOf<'inventory\.reserved'> \| EventOf<'inventory\.reservation-failed'>;/,
    );
    expect(domain).toContain('export interface HandleProbeAuditStockEventDeps {');
    expect(domain).toContain('deps: HandleProbeAuditStockEventDeps,');
    expect(test).toContain('handleProbeAuditStockEvent(event, deps);');
    expect(test).toContain("it('handles inventory.reserved', () => {");
    expect(test).toContain("it('handles inventory.reservation-failed', () => {");
    expect(test).toContain('// Prepare');
  });

  it("writes the consumer's integration tests from its templates, as for a new service's first consumer", () => {
    // Act
    const success = read(tree, 'services/probe-audit/tests/onProbeAuditStock.test.ts');
    const deadLetters = read(
      tree,
      'services/probe-audit/tests/onProbeAuditStockDeadLetters.test.ts',
    );
    const context = read(
      tree,
      'services/probe-audit/tests/support/onProbeAuditStockTestContext.ts',
    );

    // Assess
    expect(added.files).toEqual(
      expect.arrayContaining([
        'services/probe-audit/tests/onProbeAuditStock.test.ts',
        'services/probe-audit/tests/onProbeAuditStockDeadLetters.test.ts',
        'services/probe-audit/tests/onProbeAuditStockFaults.test.ts',
        'services/probe-audit/tests/support/onProbeAuditStockTestContext.ts',
      ]),
    );
    expect(success).toContain("const eventTypes = eventsDeliveredTo('probeAuditStock');");
    expect(success).toContain("describe('onProbeAuditStock', () => {");
    expect(success).toContain("} from './support/onProbeAuditStockTestContext.ts';");
    expect(deadLetters).toContain("eventsDeliveredTo('probeAuditStock');");
    expect(deadLetters).toContain("describe('onProbeAuditStock dead letters', () => {");
    expect(context).toContain("export const QUEUE = queueName('local', 'probeAuditStock');");
    // What the service's globalSetup provides: its output under the service's name.
    expect(context).toContain("inject('probe-auditOutputUrl')");
    expect(context).toContain("endsWith('-onProbeAuditStock')");
    const faults = read(tree, 'services/probe-audit/tests/onProbeAuditStockFaults.test.ts');
    expect(faults).toContain("describe('onProbeAuditStock faults', () => {");
    // The held write is this function's eventId record: its key starts with the prefix.
    expect(faults).toContain("'probe-audit.onProbeAuditStock#'");
    expect(faults).toContain("service: 'conveyor-probe-audit',");
    // The first consumer's, which the service generator wrote, are left as they were.
    expect(read(tree, 'services/probe-audit/tests/onProbeAuditInbox.test.ts')).toContain(
      "eventsDeliveredTo('probeAuditInbox')",
    );
    expect(added.manualSteps).toEqual([]);
  });

  it('declares the function in serverless.yml, with no sqs event of its own', () => {
    // Act
    const text = read(tree, 'services/probe-audit/serverless.yml');
    const functions = (
      parse(text, { logLevel: 'silent' }) as { functions: Record<string, unknown> }
    ).functions;

    // Assess
    expect(functions.onProbeAuditStock).toEqual({
      handler: 'src/handlers/onProbeAuditStock.handler',
      // The queue's maximumConcurrency (the default 5), so Lambda never throttles its source.
      reservedConcurrency: 5,
      timeout: '${param:consumerTimeout}',
      // The YAML here is read without CloudFormation's tags, so !Ref reads as its operand.
      environment: { IDEMPOTENCY_TABLE: 'IdempotencyTable' },
      iamRoleStatements: ['${file(../serverless.base.yml):idempotencyStatement}'],
    });
    expect(text).toContain('IDEMPOTENCY_TABLE: !Ref IdempotencyTable');
    expect(text).toContain(
      '# Its sqs event and queue permissions come from the topology (probeAuditStock).',
    );
  });

  it("rewrites the events sections: the consumer's queues and the producer's consumers", () => {
    // Act
    const consumer = read(tree, 'services/probe-audit/README.md');
    const producer = read(tree, 'services/inventory/README.md');

    // Assess
    expect(added.files).toContain('services/inventory/README.md');
    expect(consumer).toContain('| `inventory.reserved` v1');
    expect(consumer).toContain(
      'Queue `conveyor-<stage>-probe-audit-stock`: **standard**, read by `onProbeAuditStock` in batches of up to 20, a batching window of 3 s',
    );
    expect(producer).toContain('probe-audit (`probe-audit-stock`)');
  });

  it("adds no package to a generated service's package.json, which has what a consumer imports", () => {
    // Assess
    expect(added.packagesAdded).toEqual([]);
    expect(added.files).not.toContain('services/probe-audit/package.json');
  });

  it('rewrites the stage dashboard with the new queue and its consumer', () => {
    // Act
    const dashboard = read(tree, STAGE_DASHBOARD_PATH);

    // Assess
    expect(added.files).toContain(STAGE_DASHBOARD_PATH);
    expect(dashboard).toContain('probe-audit-stock: depth, DLQ depth');
    expect(dashboard).toContain('conveyor-probe-audit-${Stage}-onProbeAuditStock');
  });
});

describe('addConsumer on an existing service', () => {
  it("adds a queue to marketing, its builder beside the others in marketing's composition root", async () => {
    // Prepare
    const tree = new FsTree(workspaceRoot, false);

    // Act
    const added = await addConsumer(tree, {
      service: 'marketing',
      // Not the README's example (marketingRejections): a workspace that followed it has that one.
      queue: 'marketingGeneratorProbe',
      topic: 'inventoryEvents',
      events: 'inventory.reservation-failed',
      kind: 'standard',
    });

    // Assess
    expect(added.topology.queues.marketingGeneratorProbe).toMatchObject({
      name: 'marketing-generator-probe',
      consumer: 'marketing',
      function: 'onMarketingGeneratorProbe',
    });
    const root = read(tree, 'services/marketing/src/compositionRoot.ts');
    expect(root).toContain('export const onAudienceEventDeps');
    expect(root).toContain('export const onMarketingGeneratorProbeDeps');
    expect(read(tree, 'services/marketing/src/handlers/onMarketingGeneratorProbe.ts')).toContain(
      "queue: 'marketingGeneratorProbe',",
    );
    // Marketing's globalSetup serves its output, which the tests read as marketingOutputUrl.
    expect(
      read(tree, 'services/marketing/tests/support/onMarketingGeneratorProbeTestContext.ts'),
    ).toContain("inject('marketingOutputUrl')");
    expect(tree.exists('services/marketing/tests/onMarketingGeneratorProbe.test.ts')).toBe(true);
    expect(
      tree.exists('services/marketing/tests/onMarketingGeneratorProbeDeadLetters.test.ts'),
    ).toBe(true);
    // ... and puts its calls through holding proxies, as marketingFaultsUrl.
    expect(
      read(tree, 'services/marketing/tests/onMarketingGeneratorProbeFaults.test.ts'),
    ).toContain("inject('marketingFaultsUrl')");
    expect(added.manualSteps).toEqual([]);
  });

  it("says what a service's globalSetup lacks for the consumer's tests, and writes them all the same", async () => {
    // Prepare: a globalSetup that serves no output for the tests to read.
    const tree = await treeWithService();
    tree.write(
      'services/probe-audit/tests/globalSetup.ts',
      "import { offlineServiceSetup } from '@conveyor/service-testing';\nexport const setup = offlineServiceSetup('probe-audit');\n",
    );

    // Act
    const added = await addConsumer(tree, stockQueue);

    // Assess
    expect(added.manualSteps).toEqual([
      expect.stringMatching(
        /^services\/probe-audit\/tests\/globalSetup\.ts must provide the local cloud's cloudEndpoints, probe-auditOutputUrl .* and probe-auditFaultsUrl .*offlineServiceSetup\('probe-audit', \{ serveOutput: true, holdingProxies: true \}\)/,
      ),
    ]);
    expect(tree.exists('services/probe-audit/tests/onProbeAuditStock.test.ts')).toBe(true);
  });
});

describe('addConsumer on a service whose package.json lacks what a consumer imports', () => {
  it('adds each package to its section, sorted, at the root version or * for a workspace package', async () => {
    // Prepare: a service that declares only what its own code imports.
    const tree = await treeWithService();
    const path = 'services/probe-audit/package.json';
    const manifest = JSON.parse(read(tree, path)) as Record<string, Record<string, string>>;
    tree.write(
      path,
      JSON.stringify({
        ...manifest,
        dependencies: { zod: '^4.1.0' },
        devDependencies: { '@conveyor/service-testing': '*' },
      }),
    );
    const rootVersions = (
      JSON.parse(read(tree, 'package.json')) as Record<string, Record<string, string>>
    )['devDependencies'];

    // Act
    const added = await addConsumer(tree, stockQueue);

    // Assess
    expect(added.packagesAdded).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sqs',
      '@conveyor/event-types',
      '@conveyor/lambda-toolkit',
      '@aws-sdk/client-sns',
      '@conveyor/local-cloud',
    ]);
    expect(added.files).toContain(path);
    const updated = JSON.parse(read(tree, path)) as Record<string, Record<string, string>>;
    expect(Object.entries(updated['dependencies'] ?? {})).toEqual([
      ['@aws-sdk/client-dynamodb', rootVersions?.['@aws-sdk/client-dynamodb']],
      ['@aws-sdk/client-sqs', rootVersions?.['@aws-sdk/client-sqs']],
      ['@conveyor/event-types', '*'],
      ['@conveyor/lambda-toolkit', '*'],
      ['zod', '^4.1.0'],
    ]);
    expect(Object.entries(updated['devDependencies'] ?? {})).toEqual([
      ['@aws-sdk/client-sns', rootVersions?.['@aws-sdk/client-sns']],
      ['@conveyor/local-cloud', '*'],
      ['@conveyor/service-testing', '*'],
    ]);
  });
});

describe('addConsumer on a service whose resources are in resources.yml', () => {
  it('adds the idempotency table to resources.yml, and serverless.yml keeps including it', async () => {
    // Prepare: inventory's serverless.yml says resources: ${file(./resources.yml)}.
    const tree = new FsTree(workspaceRoot, false);
    const serverlessBefore = read(tree, 'services/inventory/serverless.yml');

    // Act
    const added = await addConsumer(tree, {
      service: 'inventory',
      queue: 'inventoryGeneratorProbe',
      topic: 'customerEvents',
      events: 'customer.registered',
    });

    // Assess
    // Its CloudFormation tags (!Ref, !GetAtt) are left unresolved, without a warning each.
    const serverless = parse(read(tree, 'services/inventory/serverless.yml'), {
      logLevel: 'error',
    }) as {
      functions: Record<string, { environment?: Record<string, unknown> }>;
      resources: unknown;
    };
    expect(serverless.resources).toBe('${file(./resources.yml)}');
    expect(serverless.functions['onInventoryGeneratorProbe']?.environment).toHaveProperty(
      'IDEMPOTENCY_TABLE',
    );
    expect(serverlessBefore).not.toContain('IdempotencyTable');
    const resources = parse(read(tree, 'services/inventory/resources.yml')) as {
      Resources: Record<string, unknown>;
    };
    expect(Object.keys(resources.Resources)).toEqual([
      'StockTable',
      'ReservationsTable',
      'IdempotencyTable',
    ]);
    expect(resources.Resources['IdempotencyTable']).toBe(
      '${file(../serverless.base.yml):idempotencyTable}',
    );
    expect(added.files).toContain('services/inventory/resources.yml');
  });
});

describe('addConsumer refuses', () => {
  it('a composition root without commonDeps, writing nothing', async () => {
    // Prepare
    const tree = await treeWithService();
    tree.write(
      'services/probe-audit/src/compositionRoot.ts',
      "export const deps = () => ({ logger: 'x' });\n",
    );
    const before = tree.listChanges().length;

    // Act
    const add = addConsumer(tree, stockQueue);

    // Assess
    await expect(add).rejects.toThrow(/has no commonDeps\(\) giving logger and tracer/);
    expect(tree.listChanges()).toHaveLength(before);
  });

  it('a function whose integration test exists, writing nothing', async () => {
    // Prepare: a hand-written test under the name the consumer's would take.
    const tree = await treeWithService();
    tree.write('services/probe-audit/tests/onProbeAuditStockDeadLetters.test.ts', '// mine\n');
    const before = tree.listChanges().length;

    // Act
    const add = addConsumer(tree, stockQueue);

    // Assess
    await expect(add).rejects.toThrow(
      /^services\/probe-audit\/tests\/onProbeAuditStockDeadLetters\.test\.ts already exists$/,
    );
    expect(tree.listChanges()).toHaveLength(before);
  });

  it.each([
    [
      'a queue key topology.json has',
      { ...stockQueue, queue: 'probeAuditInbox' },
      /already has a queue "probeAuditInbox"/,
    ],
    [
      'an unknown topic',
      { ...stockQueue, topic: 'stockEvents' },
      /No topic "stockEvents" in libs\/event-types\/topology\.json; it has orderEvents/,
    ],
    [
      'an event its topic does not carry',
      { ...stockQueue, events: 'inventory.reserved, order.placed' },
      /^--events: inventoryEvents carries no order\.placed; it carries inventory\.reserved, /,
    ],
    [
      'an event type of no topic',
      { ...stockQueue, events: 'inventory.bogus' },
      /^--events: inventoryEvents carries no inventory\.bogus; it carries /,
    ],
    [
      'a service without serverless.yml',
      { ...stockQueue, service: 'nowhere' },
      /services\/nowhere\/serverless\.yml does not exist/,
    ],
    [
      'a function whose IAM role name would pass 64 characters at the local stage',
      { ...stockQueue, queue: 'probeAuditReservationFailureNotices' },
      /The function onProbeAuditReservationFailureNotices would get the IAM role name conveyor-probe-audit-local-onProbeAuditReservationFailureNotices-us-east-1, over IAM's 64 characters: give it a name of at most 27 characters in conveyor-probe-audit, fewer for longer stage or region names \(the consumer generator's --function, or a shorter --queue, from which the default name comes\)/,
    ],
  ])('%s, writing nothing', async (_case, options, message) => {
    // Prepare
    const tree = await treeWithService();
    const before = tree.listChanges().length;

    // Act
    const add = addConsumer(tree, options);

    // Assess
    await expect(add).rejects.toThrow(GeneratorError);
    await expect(add).rejects.toThrow(message);
    expect(tree.listChanges()).toHaveLength(before);
  });

  it.each([
    [
      'a batching window on a FIFO queue',
      { ...stockQueue, kind: 'fifo' as const, batchSize: 10 },
      /queue "probeAuditStock".*batchingWindow/,
    ],
  ])("%s, with the contract lib's message naming the queue", async (_case, options, message) => {
    // Prepare
    const tree = await treeWithService();

    // Act
    const add = addConsumer(tree, options);

    // Assess
    await expect(add).rejects.toThrow(EventTypesError);
    await expect(add).rejects.toThrow(message);
  });
});

describe('consumerGenerator', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('ends with what is left to do: every integration test it wrote, and npm install when --skipInstall left a package out of the lock', async () => {
    // Prepare: a service that declares none of what a consumer imports.
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const tree = await treeWithService();
    const path = 'services/probe-audit/package.json';
    const manifest = JSON.parse(read(tree, path)) as Record<string, unknown>;
    tree.write(path, JSON.stringify({ ...manifest, dependencies: {}, devDependencies: {} }));

    // Act
    const done = await consumerGenerator(tree, { ...stockQueue, skipInstall: true });
    await done();

    // Assess
    const said = info.mock.calls.map(([text]) => String(text)).join('\n');
    expect(said).toContain(
      'tests/onProbeAuditStock.test.ts, tests/onProbeAuditStockDeadLetters.test.ts, tests/onProbeAuditStockFaults.test.ts',
    );
    expect(said).toMatch(
      /npm install {3}# --skipInstall left @aws-sdk\/client-dynamodb, .* out of package-lock\.json, which npm ci refuses/,
    );
  });

  it('asks for no npm install when the service already declares what the consumer imports', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const tree = await treeWithService();

    // Act
    const done = await consumerGenerator(tree, { ...stockQueue, skipInstall: true });
    await done();

    // Assess
    const said = info.mock.calls.map(([text]) => String(text)).join('\n');
    expect(said).toContain('npx nx run probe-audit:test');
    expect(said).not.toContain('npm install');
  });
});
