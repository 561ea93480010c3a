import { isRecord, toArray } from '../isRecord.ts';
import type { CloudFormationTemplate } from '../parseTemplate.ts';

/** An identity policy document of an IAM resource, with where it sits for messages. */
export interface LabelledDocument {
  /** `Policies[0]` of a role, `PolicyDocument` of a policy. */
  readonly label: string;
  readonly document: unknown;
}

/**
 * The identity policy documents a resource holds: a role's inline `Policies`, the document of an
 * `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy`; none for other types.
 *
 * @example
 * ```ts
 * policyDocumentsOf('AWS::IAM::Role', role.Properties); // [{ label: 'Policies[0]', document }]
 * ```
 */
export const policyDocumentsOf = (
  type: string,
  properties: Readonly<Record<string, unknown>>,
): LabelledDocument[] => {
  if (type === 'AWS::IAM::Role') {
    return toArray(properties.Policies).map((policy, index) => ({
      label: `Policies[${index}]`,
      document: isRecord(policy) ? policy.PolicyDocument : undefined,
    }));
  }
  if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') {
    return [{ label: 'PolicyDocument', document: properties.PolicyDocument }];
  }
  return [];
};

/** How a message names a statement: its `Sid`, else its place in the document (`#1` first). */
export const statementLabel = (
  statement: Readonly<Record<string, unknown>>,
  index: number,
): string => (typeof statement.Sid === 'string' ? statement.Sid : `#${index + 1}`);

/** An Allow statement of an identity policy in a template, with where it sits for messages. */
export interface AllowStatement {
  /** The role's or policy's logical id. */
  readonly logicalId: string;
  /** `Policies[0] statement #2`, or with its `Sid`. */
  readonly where: string;
  readonly statement: Readonly<Record<string, unknown>>;
}

/**
 * Every `Effect: Allow` statement of every identity policy document of a template, in template
 * order.
 *
 * @example
 * ```ts
 * allowStatementsOf(template)[0]?.where; // 'Policies[0] statement #1'
 * ```
 */
export const allowStatementsOf = (template: CloudFormationTemplate): AllowStatement[] =>
  Object.entries(template.Resources).flatMap(([logicalId, { Type, Properties }]) =>
    policyDocumentsOf(Type, Properties).flatMap(({ label, document }) =>
      (isRecord(document) ? toArray(document.Statement) : []).flatMap((statement, index) =>
        isRecord(statement) && statement.Effect === 'Allow'
          ? [
              {
                logicalId,
                where: `${label} statement ${statementLabel(statement, index)}`,
                statement,
              },
            ]
          : [],
      ),
    ),
  );
