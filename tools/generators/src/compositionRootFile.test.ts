import { describe, expect, it } from 'vitest';
import { addConsumerDeps, ensureNamedImport, ensureTypeImport } from './compositionRootFile.ts';

describe('ensureNamedImport', () => {
  it('adds a name to an import of the module, in order, once', () => {
    // Prepare
    const source = "import { createLogger, makePublishEvent } from '@conveyor/lambda-toolkit';\n";

    // Act
    const once = ensureNamedImport(source, 'makeEventIdempotency', '@conveyor/lambda-toolkit');
    const twice = ensureNamedImport(once, 'makeEventIdempotency', '@conveyor/lambda-toolkit');

    // Assess
    expect(twice).toBe(
      "import { createLogger, makeEventIdempotency, makePublishEvent } from '@conveyor/lambda-toolkit';\n",
    );
  });

  it('adds an import in order among the package imports when the module has none', () => {
    // Prepare
    const source = [
      "import { randomUUID } from 'node:crypto';",
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'import {',
      '  createLogger,',
      "} from '@conveyor/lambda-toolkit';",
      "import { readConfig } from './config.ts';",
      '',
    ].join('\n');

    // Act
    const updated = ensureNamedImport(source, 'SQSClient', '@aws-sdk/client-sqs');

    // Assess
    expect(updated.split('\n').slice(0, 4)).toEqual([
      "import { randomUUID } from 'node:crypto';",
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { SQSClient } from '@aws-sdk/client-sqs';",
      'import {',
    ]);
  });

  it('adds an import after the last one when all come before it', () => {
    // Prepare
    const source = "import { a } from '@a/a';\n\nconst x = 1;\n";

    // Act
    const updated = ensureNamedImport(source, 'z', '@z/z');

    // Assess
    expect(updated).toBe("import { a } from '@a/a';\nimport { z } from '@z/z';\n\nconst x = 1;\n");
  });
});

describe('ensureTypeImport', () => {
  it('adds a type-only import after the last import, then adds names to it once', () => {
    // Prepare
    const source = "import { a } from 'm';\nimport { b } from './b.ts';\n\nconst c = 1;\n";

    // Act
    const once = ensureTypeImport(source, 'TDeps', './domain/t.ts');
    const twice = ensureTypeImport(
      ensureTypeImport(once, 'ADeps', './domain/t.ts'),
      'TDeps',
      './domain/t.ts',
    );

    // Assess
    expect(once.split('\n').slice(0, 3)).toEqual([
      "import { a } from 'm';",
      "import { b } from './b.ts';",
      "import type { TDeps } from './domain/t.ts';",
    ]);
    expect(twice).toContain("import type { ADeps, TDeps } from './domain/t.ts';");
    expect(twice.match(/import type/g)).toHaveLength(1);
  });
});

describe('addConsumerDeps', () => {
  const root = [
    "import { createLogger } from '@conveyor/lambda-toolkit';",
    '',
    "const buildCommon = () => ({ config: readConfig(), logger: createLogger('x'), tracer: createTracer('x') });",
    'let common: ReturnType<typeof buildCommon> | undefined;',
    'const commonDeps = () => (common ??= buildCommon());',
    '',
  ].join('\n');

  it('appends a builder on commonDeps and exports <function>Deps', () => {
    // Act
    const updated = addConsumerDeps(root, 'compositionRoot.ts', {
      functionKey: 'onAuditInbox',
      idempotencyPrefix: 'audit.onAuditInbox',
      domainFunction: 'handleAuditInboxEvent',
    });

    // Assess
    expect(updated).toContain(
      "import { createLogger, idempotencyTableOf, makeEventIdempotency } from '@conveyor/lambda-toolkit';",
    );
    expect(updated).toContain("import { SQSClient } from '@aws-sdk/client-sqs';");
    expect(updated).toContain("import { DynamoDBClient } from '@aws-sdk/client-dynamodb';");
    expect(updated).toContain('  const { logger, tracer } = commonDeps();');
    expect(updated).toContain(
      '    tracer,\n    sqs: tracer.captureAWSv3Client(new SQSClient({})),',
    );
    expect(updated).toContain(
      "import type { HandleAuditInboxEventDeps } from './domain/handleAuditInboxEvent.ts';",
    );
    expect(updated).toContain(
      '  const handleAuditInboxEventDeps: HandleAuditInboxEventDeps = { now: () => new Date() };',
    );
    expect(updated).toContain('    handleAuditInboxEventDeps,\n  };');
    expect(updated).toContain('      tableName: idempotencyTableOf(process.env),');
    expect(updated).toContain('      client: tracer.captureAWSv3Client(new DynamoDBClient({})),');
    expect(updated).toContain("      keyPrefix: 'audit.onAuditInbox',");
    expect(updated).toContain(
      'export type OnAuditInboxDeps = ReturnType<typeof buildOnAuditInbox>;',
    );
    expect(updated).toContain(
      'export const onAuditInboxDeps = (): OnAuditInboxDeps => (onAuditInbox ??= buildOnAuditInbox());',
    );
  });

  it('refuses a function it already builds', () => {
    // Prepare
    const once = addConsumerDeps(root, 'compositionRoot.ts', {
      functionKey: 'onAuditInbox',
      idempotencyPrefix: 'audit.onAuditInbox',
      domainFunction: 'handleAuditInboxEvent',
    });

    // Act
    const again = () =>
      addConsumerDeps(once, 'compositionRoot.ts', {
        functionKey: 'onAuditInbox',
        idempotencyPrefix: 'audit.onAuditInbox',
        domainFunction: 'handleAuditInboxEvent',
      });

    // Assess
    expect(again).toThrow('compositionRoot.ts already exports onAuditInboxDeps');
  });

  it('refuses a composition root whose commonDeps gives no tracer', () => {
    // Prepare
    const noTracer = root.replace(", tracer: createTracer('x')", '');

    // Act
    const add = () =>
      addConsumerDeps(noTracer, 'compositionRoot.ts', {
        functionKey: 'onAuditInbox',
        idempotencyPrefix: 'audit.onAuditInbox',
        domainFunction: 'handleAuditInboxEvent',
      });

    // Assess
    expect(add).toThrow('compositionRoot.ts has no commonDeps() giving logger and tracer');
  });
});
