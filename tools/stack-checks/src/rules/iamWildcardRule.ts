import { toArray } from '../isRecord.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import { iamWildcardAllowList } from './iamWildcardAllowList.ts';
import { allowStatementsOf } from './policyDocumentsOf.ts';

// IAM matches `*` and `?` anywhere in an action name, so `s3:Get*` grants every future Get too.
const isWildcardAction = (action: unknown): boolean =>
  typeof action === 'string' && /[*?]/.test(action);

const allowListed = (action: unknown): boolean => {
  if (typeof action !== 'string') return false;
  // IAM action names are case-insensitive.
  const lower = action.toLowerCase();
  return [...iamWildcardAllowList].some((allowed) => allowed.toLowerCase() === lower);
};

/**
 * `iam-wildcard`: no Allow statement of a role, policy or managed policy grants an action with a
 * wildcard (`*`, `service:*`, `dynamodb:Get*`, `s3:*Object`) or NotAction, or `*` resources (or
 * NotResource), except `*` resources for the allow-listed actions that IAM cannot scope.
 */
export const iamWildcardRule: StackRule = {
  id: 'iam-wildcard',
  description:
    'No IAM Allow statement has an Action with a wildcard (*, service:*, service:Get*), NotAction, NotResource, or Resource * (outside the allow-list).',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    for (const { logicalId, where, statement } of allowStatementsOf(template)) {
      const report = (message: string): void => {
        violations.push({
          service,
          resource: logicalId,
          rule: iamWildcardRule.id,
          message: `${where}: ${message}`,
        });
      };
      if ('NotAction' in statement) report('Allow with NotAction grants every other action');
      if ('NotResource' in statement) report('Allow with NotResource grants every other resource');
      const actions = toArray(statement.Action);
      for (const action of actions.filter(isWildcardAction)) {
        report(`Action ${String(action)} is a wildcard; list the actions it needs`);
      }
      if (toArray(statement.Resource).includes('*')) {
        const scopable = actions.filter((action) => !allowListed(action));
        if (scopable.length > 0) {
          report(
            `Resource * for ${scopable.map(String).join(', ')}; only actions without resource-level permissions (iamWildcardAllowList) may use *`,
          );
        }
      }
    }
    return violations;
  },
};
