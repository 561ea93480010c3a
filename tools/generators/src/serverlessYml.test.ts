import { describe, expect, it } from 'vitest';
import { addConsumerFunction, functionKeysOf, topologyServiceOf } from './serverlessYml.ts';

const yml = `# a service
service: conveyor-audit
params:
  local:
    consumerTimeout: 10 # short locally
custom:
  topology:
    service: audit
functions:
  getStatus:
    handler: src/handlers/getStatus.handler
resources:
  extensions: # the HTTP API stage's throttling
    # more on it
    HttpApiStage: \${file(../serverless.base.yml):httpApiStage}
  Outputs: # what other stacks read
    HttpApiUrl:
      Value: !Sub 'https://\${HttpApi}.execute-api.\${AWS::Region}.amazonaws.com'
`;

describe('addConsumerFunction', () => {
  it('adds the function and the idempotency table, and keeps comments and tags as written', () => {
    // Act
    const updated = addConsumerFunction(yml, 'serverless.yml', {
      functionKey: 'onAuditInbox',
      queueKey: 'auditInbox',
      maximumConcurrency: 4,
    });

    // Assess
    expect(functionKeysOf(updated, 'serverless.yml')).toEqual(['getStatus', 'onAuditInbox']);
    expect(updated).toContain('consumerTimeout: 10 # short locally');
    expect(updated).toContain(
      [
        "  extensions: # the HTTP API stage's throttling",
        '    # more on it',
        '    HttpApiStage: ${file(../serverless.base.yml):httpApiStage}',
        '  Outputs: # what other stacks read',
      ].join('\n'),
    );
    expect(updated).toContain(
      "Value: !Sub 'https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com'",
    );
    expect(updated).toContain(
      [
        '  # Its sqs event and queue permissions come from the topology (auditInbox).',
        '  onAuditInbox:',
        '    handler: src/handlers/onAuditInbox.handler',
        "    reservedConcurrency: 4 # = its queue's maximumConcurrency (services/README.md, Bulkheads)",
        '    timeout: ${param:consumerTimeout}',
        '    environment:',
        '      IDEMPOTENCY_TABLE: !Ref IdempotencyTable',
        '    iamRoleStatements:',
        '      - ${file(../serverless.base.yml):idempotencyStatement}',
      ].join('\n'),
    );
    expect(updated).toContain('IdempotencyTable: ${file(../serverless.base.yml):idempotencyTable}');
  });

  it('refuses a function that exists, or a file without the consumer timeout', () => {
    // Act
    const twice = () =>
      addConsumerFunction(yml, 'serverless.yml', {
        functionKey: 'getStatus',
        queueKey: 'q',
        maximumConcurrency: 5,
      });
    const noTimeout = () =>
      addConsumerFunction(yml.replace('consumerTimeout', 'timeout'), 'serverless.yml', {
        functionKey: 'onQ',
        queueKey: 'q',
        maximumConcurrency: 5,
      });

    // Assess
    expect(twice).toThrow('serverless.yml already has a function getStatus');
    expect(noTimeout).toThrow('has no params.<stage>.consumerTimeout');
  });
});

describe('topologyServiceOf', () => {
  it('reads custom.topology.service, and says so when there is none', () => {
    // Act
    const service = topologyServiceOf(yml, 'serverless.yml');
    const missing = () => topologyServiceOf('service: x\n', 'x/serverless.yml');

    // Assess
    expect(service).toBe('audit');
    expect(missing).toThrow('x/serverless.yml has no custom.topology.service');
  });
});
