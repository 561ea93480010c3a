import { isRecord, toNumber } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { referenceOf, referencedLogicalId } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/**
 * `api-access-logs`: every stage of an HTTP API writes access logs (`AccessLogSettings` with a
 * `Format`) to a log group of the template that expires them (`RetentionInDays`). A request that
 * API Gateway answers itself (429 when throttled, 413, 404 for no route) never reaches a
 * function, so only these logs record it (`services/serverless.base.yml`, `provider.logs`).
 */
export const apiAccessLogsRule: StackRule = {
  id: 'api-access-logs',
  description:
    'Every HTTP API stage writes access logs (AccessLogSettings with a Format) to a log group of the template with RetentionInDays.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: apiAccessLogsRule.id, message });
    };
    const apis = new Set(
      resourcesOfType(template, 'AWS::ApiGatewayV2::Api')
        .filter(([, { Properties }]) => Properties.ProtocolType === 'HTTP')
        .map(([logicalId]) => logicalId),
    );
    const logGroups = new Map(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    const where = '(services/serverless.base.yml, provider.logs.httpApi)';
    for (const [logicalId, { Properties }] of resourcesOfType(
      template,
      'AWS::ApiGatewayV2::Stage',
    )) {
      const apiId = referenceOf(Properties.ApiId)?.logicalId;
      if (apiId === undefined || !apis.has(apiId)) continue;
      const settings = Properties.AccessLogSettings;
      if (!isRecord(settings)) {
        report(logicalId, `writes no access logs; set AccessLogSettings ${where}`);
        continue;
      }
      if (typeof settings.Format !== 'string' || settings.Format.trim() === '') {
        report(logicalId, `AccessLogSettings has no Format ${where}`);
      }
      const groupId = referencedLogicalId(settings.DestinationArn, 'Arn');
      const group = groupId === undefined ? undefined : logGroups.get(groupId);
      if (groupId === undefined || group === undefined) {
        report(
          logicalId,
          'AccessLogSettings.DestinationArn must be Fn::GetAtt <LogGroup>.Arn of a log group in this template',
        );
      } else if (toNumber(group.Properties.RetentionInDays) === undefined) {
        report(
          groupId,
          'keeps access logs forever; set RetentionInDays (provider.logRetentionInDays)',
        );
      }
    }
    return violations;
  },
};
