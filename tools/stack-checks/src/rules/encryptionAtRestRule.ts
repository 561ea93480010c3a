import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

const present = (value: unknown): boolean => value !== undefined && value !== '';

/** `encryption-at-rest`: queues and topics encrypt messages at rest. */
export const encryptionAtRestRule: StackRule = {
  id: 'encryption-at-rest',
  description:
    'Queues set SqsManagedSseEnabled: true or KmsMasterKeyId; topics set KmsMasterKeyId.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      const sse =
        Properties.SqsManagedSseEnabled === true || Properties.SqsManagedSseEnabled === 'true';
      if (!sse && !present(Properties.KmsMasterKeyId)) {
        violations.push({
          service,
          resource: logicalId,
          rule: encryptionAtRestRule.id,
          message:
            'queue is not encrypted at rest: set SqsManagedSseEnabled: true or KmsMasterKeyId',
        });
      }
    }
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SNS::Topic')) {
      if (!present(Properties.KmsMasterKeyId)) {
        violations.push({
          service,
          resource: logicalId,
          rule: encryptionAtRestRule.id,
          message:
            'topic is not encrypted at rest: set KmsMasterKeyId (alias/aws/sns for the AWS managed key)',
        });
      }
    }
    return violations;
  },
};
