import { describe, expect, it } from 'vitest';
import {
  checkImportedExports,
  formatExportCheck,
  importedExportNames,
  requiredExports,
} from './checkImportedExports.ts';

describe('importedExportNames', () => {
  it('reads the short and the long form, in the stage, and leaves out names it cannot resolve', () => {
    // Prepare
    const serverlessYml = [
      'provider:',
      '  environment:',
      "    URL: !Join ['', [!ImportValue 'conveyor-${sls:stage}-marketing-HttpApiUrl', '/x']]",
      '    ARN:',
      '      Fn::ImportValue: conveyor-${self:provider.stage}-billing-TopicArn',
      '    OTHER: !ImportValue ${param:someExport}',
      '    PLAIN: conveyor-${sls:stage}-not-an-import',
    ].join('\n');
    const resourcesYml =
      "Resources:\n  X:\n    Properties:\n      Y: !ImportValue 'shared-VpcId'\n";

    // Act
    const names = importedExportNames([serverlessYml, resourcesYml], 'qa');

    // Assess
    expect(names).toEqual([
      'conveyor-qa-billing-TopicArn',
      'conveyor-qa-marketing-HttpApiUrl',
      'shared-VpcId',
    ]);
  });
});

describe('requiredExports', () => {
  it("finds the marketing API URL that email's stack imports, and nothing for inventory", () => {
    // Act
    const email = requiredExports('email', 'prod');
    const inventory = requiredExports('inventory', 'prod');

    // Assess
    expect(email).toEqual([{ name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' }]);
    expect(inventory).toEqual([]);
  });
});

describe('checkImportedExports', () => {
  const required = [
    { name: 'conveyor-prod-marketing-HttpApiUrl', producer: 'marketing' },
    { name: 'shared-VpcId' },
  ];

  it('names the stacks to deploy first while exports are missing, and passes once they exist', async () => {
    // Act
    const before = await checkImportedExports('email', 'prod', required, async () =>
      Promise.resolve(new Set(['shared-VpcId', 'conveyor-qa-marketing-HttpApiUrl'])),
    );
    const after = await checkImportedExports('email', 'prod', required, async () =>
      Promise.resolve(new Set(['shared-VpcId', 'conveyor-prod-marketing-HttpApiUrl'])),
    );

    // Assess
    expect(before.missing).toEqual([required[0]]);
    expect(formatExportCheck(before, 'region eu-west-1').split('\n')).toEqual([
      'Pre-deploy check: exports email imports in stage "prod" (region eu-west-1)',
      '  MISSING conveyor-prod-marketing-HttpApiUrl (exported by marketing)',
      '  ok      shared-VpcId',
      'email cannot deploy yet: CloudFormation would fail its Fn::ImportValue with "No export named …" (a new stack then stays in ROLLBACK_COMPLETE until deleted). Deploy marketing to "prod" first.',
    ]);
    expect(after.missing).toEqual([]);
    expect(formatExportCheck(after, 'region eu-west-1')).toContain(
      'All 2 export(s) exist: email can deploy.',
    );
  });

  it('lists nothing when the service imports no export', async () => {
    // Prepare
    let listed = false;

    // Act
    const check = await checkImportedExports('inventory', 'prod', [], async () => {
      listed = true;
      return Promise.resolve(new Set<string>());
    });

    // Assess
    expect(listed).toBe(false);
    expect(formatExportCheck(check, 'region eu-west-1')).toBe(
      "inventory imports no other stack's exports.",
    );
  });
});
