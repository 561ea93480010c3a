import { parseTopology } from '@conveyor/event-types';
import { logger, readProjectConfiguration, type Tree, workspaceRoot } from '@nx/devkit';
import { FsTree } from '@nx/devkit/internal';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { findPortClashes, readLocalPorts } from '../localPorts.ts';
import { TOPOLOGY_PATH } from '../topologyFile.ts';
import { type AddedService, addService, serviceGenerator } from './serviceGenerator.ts';

// A tree over the real workspace: the generator reads the real topology, services and lists of
// services, and writes only in memory (nothing is flushed to disk). The service is none the
// READMEs give as an example (order-audit), which a workspace that followed them already has.
const realTree = (): Tree => new FsTree(workspaceRoot, false);

const read = (tree: Tree, path: string): string => {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} was not written`);
  return text;
};

describe('addService', () => {
  let tree: Tree;
  let added: AddedService;

  beforeAll(async () => {
    tree = realTree();
    added = await addService(tree, {
      name: 'probe-audit',
      topic: 'orderEvents',
      events: 'order.placed',
      owner: 'audit-team',
      description: 'Keeps an audit trail of orders.',
    });
  });

  it('scaffolds the service as the others are: project, package, config, root, handlers, tests', () => {
    // Act
    const files = tree
      .listChanges()
      .map((change) => change.path)
      .filter((path) => path.startsWith('services/probe-audit/'))
      .sort();

    // Assess
    expect(files).toEqual([
      'services/probe-audit/README.md',
      'services/probe-audit/package.json',
      'services/probe-audit/project.json',
      'services/probe-audit/serverless.yml',
      'services/probe-audit/src/compositionRoot.ts',
      'services/probe-audit/src/config.test.ts',
      'services/probe-audit/src/config.ts',
      'services/probe-audit/src/domain/handleProbeAuditInboxEvent.test.ts',
      'services/probe-audit/src/domain/handleProbeAuditInboxEvent.ts',
      'services/probe-audit/src/handlers/getStatus.ts',
      'services/probe-audit/src/handlers/onProbeAuditInbox.ts',
      'services/probe-audit/tests/getStatus.test.ts',
      'services/probe-audit/tests/globalSetup.ts',
      'services/probe-audit/tests/onProbeAuditInbox.test.ts',
      'services/probe-audit/tests/onProbeAuditInboxDeadLetters.test.ts',
      'services/probe-audit/tests/onProbeAuditInboxFaults.test.ts',
      'services/probe-audit/tests/support/onProbeAuditInboxTestContext.ts',
      'services/probe-audit/tsconfig.json',
      'services/probe-audit/vitest.config.ts',
    ]);
  });

  it('gives the project the service tags, the targets of the other services and free local ports', () => {
    // Prepare
    const marketing = readProjectConfiguration(tree, 'marketing');

    // Act
    const project = readProjectConfiguration(tree, 'probe-audit');

    // Assess
    expect(project.tags).toEqual(['scope:probe-audit', 'type:service']);
    expect(Object.keys(project.targets ?? {})).toEqual(Object.keys(marketing.targets ?? {}));
    expect(project.metadata).toEqual({ localPorts: added.ports });
    expect(added.ports.lambda).toBe(added.ports.http + 100);
    expect(findPortClashes(readLocalPorts(tree))).toEqual([]);
  });

  it('puts serverless.yml on the shared base, with the consumer its first queue needs', () => {
    // Act
    const config = parse(read(tree, 'services/probe-audit/serverless.yml'), {
      customTags: [
        { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
        { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
      ],
    }) as Record<string, Record<string, unknown>>;

    // Assess
    expect(config.plugins).toBe('${file(../serverless.base.yml):plugins}');
    expect(config.custom).toMatchObject({
      owner: 'audit-team',
      topology: { service: 'probe-audit' },
    });
    expect(config.functions?.getStatus).toMatchObject({
      events: [
        {
          httpApi: {
            method: 'GET',
            path: '/probe-audit/status',
            authorizer: { type: 'aws_iam' },
          },
        },
      ],
      iamRoleStatements: [],
    });
    expect(config.functions?.onProbeAuditInbox).toEqual({
      handler: 'src/handlers/onProbeAuditInbox.handler',
      reservedConcurrency: 5,
      timeout: '${param:consumerTimeout}',
      environment: { IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' } },
      iamRoleStatements: ['${file(../serverless.base.yml):idempotencyStatement}'],
    });
    // The framework writes the HttpApiUrl output itself; a re-declared one merges two intrinsics.
    expect(config.resources).toEqual({
      Resources: { IdempotencyTable: '${file(../serverless.base.yml):idempotencyTable}' },
      extensions: { HttpApiStage: '${file(../serverless.base.yml):httpApiStage}' },
    });
  });

  it('adds its first queue to topology.json, valid for the contract lib', () => {
    // Act
    const topology = parseTopology(JSON.parse(read(tree, TOPOLOGY_PATH)));

    // Assess
    expect(topology.queues.probeAuditInbox).toEqual({
      logicalId: 'ProbeAuditInbox',
      name: 'probe-audit-inbox.fifo',
      dlqName: 'probe-audit-inbox-dlq.fifo',
      fifo: true,
      consumer: 'probe-audit',
      function: 'onProbeAuditInbox',
      batchSize: 10,
      maximumConcurrency: 5,
      subscriptions: { orderEvents: { events: ['order.placed'] } },
    });
  });

  it('registers it where the repository lists every service', () => {
    // Act
    const stackChecks = JSON.parse(read(tree, 'tools/stack-checks/project.json')) as {
      implicitDependencies: string[];
    };
    const eslint = read(tree, 'eslint.config.mjs');
    const deploy = read(tree, '.github/workflows/deploy.yml');
    const release = read(tree, '.github/workflows/release.yml');
    const codeOwners = read(tree, '.github/CODEOWNERS');

    // Assess
    expect(added.manualSteps).toEqual([]);
    // Right after the workspace's last service, whichever that is.
    const serviceLines = (text: string) =>
      text.split('\n').filter((line) => line.startsWith('/services/'));
    const before = serviceLines(read(realTree(), '.github/CODEOWNERS'));
    expect(serviceLines(codeOwners).slice(-2)).toEqual([
      before.at(-1),
      expect.stringMatching(/^\/services\/probe-audit\/ +@conveyor\/audit-team$/),
    ]);
    expect(stackChecks.implicitDependencies).toContain('probe-audit');
    expect(eslint).toMatch(/const SERVICES = \[[^\]]*'probe-audit',?\s*\];/);
    expect(deploy).toContain("- 'probe-audit@*'");
    // Prettier wraps a list that has grown past its line; either shape is extended.
    expect(deploy).toMatch(/options:\s*\[\s*checkout,[^\]]*,\s*probe-audit,?\s*\]/);
    expect(deploy).toMatch(/ \| probe-audit\) ;;/);
    expect(release).toMatch(/ \| probe-audit\)/);
  });

  it('names the first consumer as --function says, on<Event> for a queue of one event type', async () => {
    // Prepare
    const named = realTree();

    // Act
    await addService(named, {
      name: 'probe-audit',
      topic: 'orderEvents',
      events: 'order.placed',
      function: 'onOrderPlaced',
    });

    // Assess
    const config = parse(read(named, 'services/probe-audit/serverless.yml'), {
      logLevel: 'silent',
    }) as {
      functions?: Record<string, { handler?: string }>;
    };
    expect(Object.keys(config.functions ?? {})).toEqual(['getStatus', 'onOrderPlaced']);
    expect(config.functions?.['onOrderPlaced']?.handler).toBe('src/handlers/onOrderPlaced.handler');
    expect(named.exists('services/probe-audit/tests/onOrderPlacedDeadLetters.test.ts')).toBe(true);
    expect(read(named, 'services/probe-audit/README.md')).toContain(
      '`tests/onOrderPlaced.test.ts`',
    );
    expect(named.exists('services/probe-audit/src/handlers/onProbeAuditInbox.ts')).toBe(false);
  });

  it('refuses a service that exists', async () => {
    // Act
    const again = addService(realTree(), {
      name: 'marketing',
      topic: 'orderEvents',
      events: 'order.placed',
    });

    // Assess
    await expect(again).rejects.toThrow('services/marketing already exists');
  });

  it('asks for a shorter service name when the name leaves no room for a function in IAM role names', async () => {
    // Act
    const tooLong = addService(realTree(), {
      name: 'a-very-long-service-name-for-fraud-checks',
      topic: 'orderEvents',
      events: 'order.placed',
    });

    // Assess
    await expect(tooLong).rejects.toThrow(
      "the service name conveyor-a-very-long-service-name-for-fraud-checks leaves 0 characters for a function name; choose a shorter service name (the service generator's --name)",
    );
  });
});

describe('serviceGenerator', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('ends with what is left to do, tagging the service at its first version among it', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const tree = realTree();

    // Act
    const done = await serviceGenerator(tree, {
      name: 'probe-audit',
      topic: 'orderEvents',
      events: 'order.placed',
      skipInstall: true,
    });
    await done();

    // Assess: the tag names the version its package.json starts at.
    const said = info.mock.calls.map(([text]) => String(text)).join('\n');
    expect(said).toContain('npx nx run probe-audit:test');
    expect(said).toContain(
      'before its first release, tag it at its first version: git tag -a probe-audit@0.1.0 -m probe-audit@0.1.0',
    );
    expect(JSON.parse(read(tree, 'services/probe-audit/package.json'))).toMatchObject({
      version: '0.1.0',
    });
    // npm ci, CI's first step, refuses a lock file without the new workspace.
    expect(said).toContain(
      '--skipInstall left @conveyor/probe-audit out of package-lock.json, which npm ci refuses: run npm install before committing.',
    );
  });
});
