import {
  CloudFormationClient,
  type ListExportsCommandInput,
  type ListExportsCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import {
  checkImportedExports,
  formatExportCheck,
  importedExports,
  listExportNames,
  producerOf,
  requiredExports,
} from './checkImportedExports.ts';

describe('importedExports', () => {
  it('reads the short and the long form in the stage, and keeps apart what only the deploy resolves', () => {
    // Prepare
    const serverlessYml = [
      'provider:',
      '  environment:',
      "    URL: !Join ['', [!ImportValue 'conveyor-${sls:stage}-marketing-HttpApiUrl', '/x']]",
      '    ARN:',
      '      Fn::ImportValue: conveyor-${self:provider.stage}-billing-TopicArn',
      '    SUB:',
      "      Fn::ImportValue: !Sub 'conveyor-${sls:stage}-audit-QueueUrl'",
      '    REGIONAL:',
      "      Fn::ImportValue: !Sub 'conveyor-${AWS::Region}-x'",
      '    REF:',
      '      Fn::ImportValue: !Ref ExportParam',
      '    OTHER: !ImportValue ${param:someExport}',
      '    PLAIN: conveyor-${sls:stage}-not-an-import',
    ].join('\n');
    const resourcesYml =
      "Resources:\n  X:\n    Properties:\n      Y: !ImportValue 'shared-VpcId'\n";

    // Act
    const found = importedExports([serverlessYml, resourcesYml], 'qa');

    // Assess
    expect(found.names).toEqual([
      'conveyor-qa-audit-QueueUrl',
      'conveyor-qa-billing-TopicArn',
      'conveyor-qa-marketing-HttpApiUrl',
      'shared-VpcId',
    ]);
    expect(found.unchecked).toEqual([
      '!Ref ExportParam',
      '${param:someExport}',
      'conveyor-${AWS::Region}-x',
    ]);
  });
});

describe('producerOf', () => {
  it('names the service an export is named after in the stage, the longest name first', () => {
    // Act
    const names = [
      producerOf('conveyor-qa-order-audit-Url', 'qa', ['order', 'order-audit']),
      producerOf('conveyor-qa-order-Url', 'qa', ['order-audit', 'order']),
      producerOf('conveyor-prod-order-Url', 'qa', ['order']),
      producerOf('shared-VpcId', 'qa', ['order']),
    ];

    // Assess
    expect(names).toEqual(['order-audit', 'order', undefined, undefined]);
  });
});

describe('requiredExports', () => {
  it("finds the marketing API URL that email's stack imports, and nothing for inventory", () => {
    // Act
    const email = requiredExports('email', 'prod');
    const inventory = requiredExports('inventory', 'prod');

    // Assess
    expect(email).toEqual({
      required: [{ name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' }],
      unchecked: [],
    });
    expect(inventory).toEqual({ required: [], unchecked: [] });
  });
});

describe('listExportNames', () => {
  it('reads every page of ListExports', async () => {
    // Prepare: a real client whose requests are answered before they leave it, three pages.
    const pages: ListExportsCommandOutput[] = [
      { Exports: [{ Name: 'a' }, { Name: 'b' }], NextToken: 't1', $metadata: {} },
      { Exports: [], NextToken: 't2', $metadata: {} },
      { Exports: [{ Name: 'c' }, {}], $metadata: {} },
    ];
    const tokens: (string | undefined)[] = [];
    const client = new CloudFormationClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    client.middlewareStack.add(
      () => async (args) => {
        tokens.push((args.input as ListExportsCommandInput).NextToken);
        const output = pages[tokens.length - 1];
        if (output === undefined) throw new Error('asked for a page past the last');
        return Promise.resolve({ output, response: {} });
      },
      { step: 'initialize' },
    );

    // Act
    const names = await listExportNames(client);

    // Assess
    expect([...names]).toEqual(['a', 'b', 'c']);
    expect(tokens).toEqual([undefined, 't1', 't2']);
  });
});

describe('checkImportedExports', () => {
  const required = [
    { name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' },
    { name: 'shared-VpcId' },
  ];

  it('names what to deploy first while exports are missing, and passes once they exist', async () => {
    // Act
    const before = await checkImportedExports('email', 'prod', required, [], async () =>
      Promise.resolve(new Set(['conveyor-qa-marketing-HttpApiUrl'])),
    );
    const after = await checkImportedExports('email', 'prod', required, ['!Ref X'], async () =>
      Promise.resolve(new Set(['shared-VpcId', 'conveyor-prod-marketing-HttpApiUrl'])),
    );

    // Assess
    expect(before.missing).toEqual(required);
    expect(formatExportCheck(before, 'region eu-west-1').split('\n')).toEqual([
      'Pre-deploy check: exports email imports in stage "prod" (region eu-west-1)',
      '  MISSING conveyor-prod-marketing-HttpApiUrl (exported by marketing)',
      '  MISSING shared-VpcId',
      'email cannot deploy yet: CloudFormation would fail its Fn::ImportValue with "No export named …". First deploy marketing to "prod", and create the stacks that export shared-VpcId.',
    ]);
    expect(after.missing).toEqual([]);
    expect(formatExportCheck(after, 'region eu-west-1').split('\n').slice(-2)).toEqual([
      '  UNCHECKED !Ref X (its name is known only at deploy time)',
      'All 2 checked export(s) exist: email can deploy as far as this check sees.',
    ]);
  });

  it('lists nothing when the service imports no export it can check', async () => {
    // Prepare
    let listed = false;
    const list = async () => {
      listed = true;
      return Promise.resolve(new Set<string>());
    };

    // Act
    const none = await checkImportedExports('inventory', 'prod', [], [], list);
    const onlyUnchecked = await checkImportedExports('audit', 'prod', [], ['!Ref X'], list);

    // Assess
    expect(listed).toBe(false);
    expect(formatExportCheck(none, 'region eu-west-1')).toBe(
      "inventory imports no other stack's exports.",
    );
    expect(formatExportCheck(onlyUnchecked, 'region eu-west-1').split('\n').at(-1)).toBe(
      'No export can be checked: audit can deploy as far as this check sees.',
    );
  });
});
