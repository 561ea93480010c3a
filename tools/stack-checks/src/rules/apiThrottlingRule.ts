import { isRecord, toNumber } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/**
 * `api-throttling`: every HTTP API has a stage, and every stage of an HTTP API sets
 * `DefaultRouteSettings.ThrottlingRateLimit` (requests per second) and `ThrottlingBurstLimit`,
 * both above 0: a bulkhead in front of the functions (`services/serverless.base.yml`,
 * `httpApiStage`), which answers 429 instead of letting a flood take the account's concurrency.
 */
export const apiThrottlingRule: StackRule = {
  id: 'api-throttling',
  description:
    'Every HTTP API has a stage whose DefaultRouteSettings set ThrottlingRateLimit and ThrottlingBurstLimit above 0.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: apiThrottlingRule.id, message });
    };
    const apis = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')
      .filter(([, { Properties }]) => Properties.ProtocolType === 'HTTP')
      .map(([logicalId]) => logicalId);
    const stages = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    for (const apiId of apis) {
      if (
        !stages.some(([, { Properties }]) => referenceOf(Properties.ApiId)?.logicalId === apiId)
      ) {
        report(apiId, 'is an HTTP API without a stage, so nothing throttles it');
      }
    }
    for (const [logicalId, { Properties }] of stages) {
      const apiId = referenceOf(Properties.ApiId)?.logicalId;
      if (apiId === undefined || !apis.includes(apiId)) continue;
      const settings = isRecord(Properties.DefaultRouteSettings)
        ? Properties.DefaultRouteSettings
        : {};
      for (const key of ['ThrottlingRateLimit', 'ThrottlingBurstLimit'] as const) {
        const value = toNumber(settings[key]);
        if (value === undefined || value <= 0) {
          report(
            logicalId,
            `DefaultRouteSettings.${key} is ${settings[key] === undefined ? 'not set' : JSON.stringify(settings[key])}, must be above 0 (services/serverless.base.yml, httpApiStage)`,
          );
        }
      }
    }
    return violations;
  },
};
