import { isRecord } from './isRecord.ts';
import type { CloudFormationTemplate } from './serverlessTypes.ts';

type Statement = Record<string, unknown>;

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value];

// Only a statement that grants its actions on its resources and nothing else can be compared:
// a Condition, NotAction or NotResource changes what it means.
const isPlainAllow = (statement: unknown): statement is Statement =>
  isRecord(statement) &&
  statement.Effect === 'Allow' &&
  !('Condition' in statement) &&
  !('NotAction' in statement) &&
  !('NotResource' in statement) &&
  asList(statement.Action).every((action) => typeof action === 'string') &&
  asList(statement.Resource).length > 0;

// IAM action names are case-insensitive. An intrinsic function is an object of one key, so
// JSON.stringify compares two references to the same resource exactly.
const grantsOf = (statement: Statement): string[] =>
  asList(statement.Action).flatMap((action) =>
    asList(statement.Resource).map(
      (resource) => `${String(action).toLowerCase()} ${JSON.stringify(resource)}`,
    ),
  );

// The log group an ARN names, literally or in the text of an Fn::Sub:
// `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/x:*:*`.
const logGroupNameOf = (resource: unknown): string | undefined => {
  const text = isRecord(resource) ? resource['Fn::Sub'] : resource;
  if (typeof text !== 'string') return undefined;
  return /:log-group:([^:*]+)(?::.*)?$/.exec(text)?.[1];
};

const CREATE_LOG_GROUP = 'logs:createloggroup';

/**
 * Takes out of every IAM role's inline policies the grants that add nothing, and returns how many
 * statements it changed. serverless-iam-roles-per-function writes two into each function's role:
 * - `logs:CreateLogGroup` on the function's log group, which the stack itself creates (osls
 *   compiles an `AWS::Logs::LogGroup` per function), so the function never needs to;
 * - for a function with an `sqs` event, a statement of `sqs:ReceiveMessage`, `DeleteMessage` and
 *   `GetQueueAttributes` on its queue, which the topology's consumer statement already grants.
 *
 * An Allow statement without a condition is removed when the other such statements of its
 * document grant each of its actions on each of its resources; `logs:CreateLogGroup` is removed
 * from a statement when every log group it names is one the template creates.
 *
 * @example
 * ```ts
 * trimRoleStatements(compiledTemplate); // 2 for a consumer's role, 1 for a route's
 * ```
 */
export const trimRoleStatements = (template: CloudFormationTemplate): number => {
  const resources = template.Resources ?? {};
  const createdLogGroups = new Set(
    Object.values(resources)
      .filter(({ Type }) => Type === 'AWS::Logs::LogGroup')
      .map(({ Properties }) => Properties?.LogGroupName)
      .filter((name): name is string => typeof name === 'string'),
  );
  let changed = 0;
  for (const { Type, Properties } of Object.values(resources)) {
    if (Type !== 'AWS::IAM::Role') continue;
    for (const policy of asList(Properties?.Policies)) {
      const document = isRecord(policy) ? policy.PolicyDocument : undefined;
      if (!isRecord(document) || !Array.isArray(document.Statement)) continue;
      const kept = [...(document.Statement as unknown[])];

      for (const statement of [...kept]) {
        if (!isPlainAllow(statement)) continue;
        const actions = asList(statement.Action) as string[];
        const withoutCreate = actions.filter((action) => action.toLowerCase() !== CREATE_LOG_GROUP);
        if (withoutCreate.length === actions.length) continue;
        const names = asList(statement.Resource).map(logGroupNameOf);
        if (!names.every((name) => name !== undefined && createdLogGroups.has(name))) continue;
        if (withoutCreate.length === 0) kept.splice(kept.indexOf(statement), 1);
        else statement.Action = withoutCreate;
        changed += 1;
      }

      // One at a time, so that of two statements granting the same, one stays.
      for (const statement of [...kept]) {
        if (!isPlainAllow(statement)) continue;
        const others = new Set(
          kept
            .filter((other): other is Statement => other !== statement && isPlainAllow(other))
            .flatMap(grantsOf),
        );
        if (grantsOf(statement).every((grant) => others.has(grant))) {
          kept.splice(kept.indexOf(statement), 1);
          changed += 1;
        }
      }
      document.Statement = kept;
    }
  }
  return changed;
};
