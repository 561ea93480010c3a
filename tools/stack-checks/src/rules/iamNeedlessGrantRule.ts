import { canonicalJson, isRecord, literalOrSubText, toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { policyDocumentsOf, statementLabel } from './policyDocumentsOf.ts';

// A Condition, NotAction or NotResource changes what a statement grants; such a one is not
// compared with the others.
const isPlainAllow = (statement: Readonly<Record<string, unknown>>): boolean =>
  statement.Effect === 'Allow' &&
  !('Condition' in statement) &&
  !('NotAction' in statement) &&
  !('NotResource' in statement);

const logGroupOf = (resource: unknown): string | undefined =>
  /:log-group:([^:*]+)(?::.*)?$/.exec(literalOrSubText(resource) ?? '')?.[1];

/**
 * `iam-needless-grant`: no Allow statement grants what adds nothing. An action on a resource that
 * an earlier statement of the same document already allows only hides, in a review, which
 * statement a permission comes from. `logs:CreateLogGroup` on a log group the template creates
 * is never used by the function, and grants creating it again after someone deletes it, outside
 * the stack and without its retention.
 */
export const iamNeedlessGrantRule: StackRule = {
  id: 'iam-needless-grant',
  description:
    'No IAM Allow statement repeats an action on a resource that an earlier statement of its document allows, or allows logs:CreateLogGroup on a log group the template creates.',
  check: ({ service, template }) => {
    const created = new Set(
      resourcesOfType(template, 'AWS::Logs::LogGroup').map(
        ([, { Properties }]) => Properties.LogGroupName,
      ),
    );
    const violations: Violation[] = [];
    for (const [logicalId, { Type, Properties }] of Object.entries(template.Resources)) {
      for (const { label, document } of policyDocumentsOf(Type, Properties)) {
        // `<action, lower case> <resource>` → the statement that first grants it.
        const grantedBy = new Map<string, string>();
        const statements = isRecord(document) ? toArray(document.Statement) : [];
        statements.forEach((statement, index) => {
          if (!isRecord(statement) || !isPlainAllow(statement)) return;
          const where = statementLabel(statement, index);
          const report = (message: string): void => {
            violations.push({
              service,
              resource: logicalId,
              rule: iamNeedlessGrantRule.id,
              message: `${label} statement ${where}: ${message}`,
            });
          };
          const actions = toArray(statement.Action).map(String);
          const resources = toArray(statement.Resource);

          const earlier = new Map<string, Set<string>>();
          for (const action of actions) {
            for (const resource of resources) {
              const grant = `${action.toLowerCase()} ${canonicalJson(resource)}`;
              const first = grantedBy.get(grant);
              if (first === undefined) grantedBy.set(grant, where);
              else earlier.set(action, (earlier.get(action) ?? new Set()).add(first));
            }
          }
          if (earlier.size > 0) {
            const others = [...new Set([...earlier.values()].flatMap((set) => [...set]))];
            report(
              `allows ${[...earlier.keys()].join(', ')} again, as statement ${others.join(', ')} does; remove the repeat`,
            );
          }

          const groups = resources.map(logGroupOf);
          const createsOwn =
            groups.length > 0 && groups.every((group) => group !== undefined && created.has(group));
          if (
            createsOwn &&
            actions.some((action) => action.toLowerCase() === 'logs:createloggroup')
          ) {
            report(
              `allows logs:CreateLogGroup on ${groups.join(', ')}, which this template creates; the function never needs to`,
            );
          }
        });
      }
    }
    return violations;
  },
};
