import { isRecord, toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

const SEND_SEGMENTS = 'xray:puttracesegments';

// Whether a role's inline policies allow sending trace segments.
const allowsSegments = (role: Readonly<Record<string, unknown>> | undefined): boolean =>
  toArray(role?.Policies).some((policy) =>
    toArray(
      isRecord(policy) && isRecord(policy.PolicyDocument) ? policy.PolicyDocument.Statement : [],
    )
      .filter(isRecord)
      .some(
        (statement) =>
          statement.Effect === 'Allow' &&
          toArray(statement.Action).some(
            (action) => typeof action === 'string' && action.toLowerCase() === SEND_SEGMENTS,
          ),
      ),
  );

/**
 * `tracing`: every function is actively traced by X-Ray and its role may send the segments, and
 * every topic is actively traced, so one order's path through the services is one set of linked
 * traces. From `provider.tracing.lambda` (services/serverless.base.yml) and the topology plugin.
 */
export const tracingRule: StackRule = {
  id: 'tracing',
  description:
    'Every Lambda function has TracingConfig.Mode Active and a role allowing xray:PutTraceSegments; every SNS topic has TracingConfig Active.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: tracingRule.id, message });
    };
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const mode = isRecord(Properties.TracingConfig) ? Properties.TracingConfig.Mode : undefined;
      if (mode !== 'Active') {
        report(
          logicalId,
          `TracingConfig.Mode is ${JSON.stringify(mode)}, must be "Active" (provider.tracing.lambda: true in services/serverless.base.yml)`,
        );
      }
      const roleId = referenceOf(Properties.Role)?.logicalId;
      const role = roleId === undefined ? undefined : template.Resources[roleId];
      if (role !== undefined && !allowsSegments(role.Properties)) {
        report(
          logicalId,
          `its role ${String(roleId)} does not allow xray:PutTraceSegments, so its traces are lost (the topology plugin grants it to functions with their own role)`,
        );
      }
    }
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SNS::Topic')) {
      if (Properties.TracingConfig !== 'Active') {
        report(
          logicalId,
          `TracingConfig is ${JSON.stringify(Properties.TracingConfig)}, must be "Active" (tools/serverless-topology)`,
        );
      }
    }
    return violations;
  },
};
