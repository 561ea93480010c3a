import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { apiAccessLogsRule } from './apiAccessLogsRule.ts';

describe('apiAccessLogsRule', () => {
  it('passes a stage that writes access logs to a log group that expires them', () => {
    // Act
    const lines = violationLines(apiAccessLogsRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a stage without access logs, or without a format', () => {
    // Prepare
    const none = stackWith('HttpApiStage', (properties) => {
      delete properties.AccessLogSettings;
    });
    const noFormat = stackWith('HttpApiStage', (properties) => {
      properties.AccessLogSettings = {
        DestinationArn: { 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] },
      };
    });

    // Act
    const noneLines = violationLines(apiAccessLogsRule, none);
    const noFormatLines = violationLines(apiAccessLogsRule, noFormat);

    // Assess
    expect(noneLines).toEqual([
      'inventory: HttpApiStage: api-access-logs: writes no access logs; set AccessLogSettings (services/serverless.base.yml, provider.logs.httpApi)',
    ]);
    expect(noFormatLines).toEqual([
      'inventory: HttpApiStage: api-access-logs: AccessLogSettings has no Format (services/serverless.base.yml, provider.logs.httpApi)',
    ]);
  });

  it('fails logs sent outside the template, or kept forever', () => {
    // Prepare
    const outside = stackWith('HttpApiStage', (properties) => {
      properties.AccessLogSettings = {
        DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:elsewhere',
        Format: '$context.requestId',
      };
    });
    const forever = stackWith('HttpApiLogGroup', (properties) => {
      delete properties.RetentionInDays;
    });

    // Act
    const outsideLines = violationLines(apiAccessLogsRule, outside);
    const foreverLines = violationLines(apiAccessLogsRule, forever);

    // Assess
    expect(outsideLines).toEqual([
      'inventory: HttpApiStage: api-access-logs: AccessLogSettings.DestinationArn must be Fn::GetAtt <LogGroup>.Arn of a log group in this template',
    ]);
    expect(foreverLines).toEqual([
      'inventory: HttpApiLogGroup: api-access-logs: keeps access logs forever; set RetentionInDays (provider.logRetentionInDays)',
    ]);
  });
});
