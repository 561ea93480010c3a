import { isRecord } from './isRecord.ts';
import type { CloudFormationTemplate } from './serverlessTypes.ts';

// Errs towards "mentioned": a plain string equal to the id (a DependsOn, a Ref, a dotted
// GetAtt) or a `${id}` / `${id.Attr}` inside any string (Fn::Sub) keeps the role.
const mentions = (value: unknown, logicalId: string): boolean => {
  if (typeof value === 'string') {
    return (
      value === logicalId ||
      value.startsWith(`${logicalId}.`) ||
      value.includes(`\${${logicalId}}`) ||
      value.includes(`\${${logicalId}.`)
    );
  }
  if (Array.isArray(value)) return value.some((item) => mentions(item, logicalId));
  if (isRecord(value)) return Object.values(value).some((item) => mentions(item, logicalId));
  return false;
};

/**
 * Deletes the IAM role `logicalId` from a compiled template when nothing else in it (another
 * resource, its `DependsOn`, an output, a condition) names it. osls always compiles its default
 * role, `IamRoleLambdaExecution`, because serverless-iam-roles-per-function copies it into each
 * function's own role; once every function has its own, the default one is attached to nothing
 * yet still grants SQS, logs and X-Ray. Returns whether it deleted the role.
 *
 * @example
 * ```ts
 * removeUnusedRole(template, naming.getRoleLogicalId()); // true when no function uses it
 * ```
 */
export const removeUnusedRole = (template: CloudFormationTemplate, logicalId: string): boolean => {
  const resources = template.Resources ?? {};
  if (resources[logicalId]?.Type !== 'AWS::IAM::Role') return false;
  const { [logicalId]: _role, ...others } = resources;
  if (mentions({ ...template, Resources: others }, logicalId)) return false;
  Reflect.deleteProperty(resources, logicalId);
  return true;
};
