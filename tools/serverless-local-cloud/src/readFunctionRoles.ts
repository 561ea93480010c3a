import type { PolicyStatement } from '@conveyor/local-cloud';
import { IntrinsicResolutionError } from './errors.ts';
import { type IntrinsicContext, resolveIntrinsics } from './resolveIntrinsics.ts';
import type {
  CloudFormationResource,
  CloudFormationTemplate,
  Serverless,
} from './serverlessTypes.ts';
import { isRecord } from './isRecord.ts';

/** A function's execution role, as the compiled template gives it, with local ARNs. */
export interface FunctionRole {
  readonly functionKey: string;
  readonly functionName: string;
  readonly roleName: string;
  /** Every statement of the role's inline policies and of the IAM policies attached to it. */
  readonly statements: readonly PolicyStatement[];
  /** What the local cloud cannot apply: managed policies, statements it cannot resolve. */
  readonly notes: readonly string[];
}

/** Functions whose role is not in the template (an ARN): nothing to enforce locally. */
export interface UnknownRole {
  readonly functionKey: string;
  readonly reason: string;
}

// The plugin that gives each function its own role, at `before:package:finalize`.
const rolePerFunctionPlugin = 'ServerlessIamPerFunctionPlugin';

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical id a `Role` property points at (`Fn::GetAtt [Id, Arn]`), if it does. */
const roleLogicalIdOf = (role: unknown): string | undefined => {
  if (typeof role === 'string') return role.startsWith('arn:') ? undefined : role;
  if (!isRecord(role)) return undefined;
  const getAtt = role['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
};

/**
 * The function resources `compileFunctions` would add (it needs deployment artifacts, which
 * `sls offline` never builds): enough for role plugins to find and rewire each function's role.
 */
const withFunctionResources = (
  serverless: Serverless,
  template: CloudFormationTemplate,
): CloudFormationTemplate => {
  const naming = serverless.getProvider('aws').naming;
  const { service } = serverless;
  const resources: Record<string, CloudFormationResource> = structuredClone({
    ...template.Resources,
  });
  const defaultRole = naming.getRoleLogicalId();
  for (const functionKey of service.getAllFunctions()) {
    const logicalId = naming.getLambdaLogicalId(functionKey);
    if (resources[logicalId] !== undefined) continue;
    const own = service.getFunction(functionKey).role;
    const roleId = own === undefined ? defaultRole : roleLogicalIdOf(own);
    resources[logicalId] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Role: roleId === undefined ? own : { 'Fn::GetAtt': [roleId, 'Arn'] },
      },
      DependsOn: roleId === undefined ? [] : [roleId],
    };
  }
  return { ...template, Resources: resources };
};

/**
 * Runs serverless-iam-roles-per-function (when the service uses it) on a copy of the template
 * with function resources, as `sls package` would at `before:package:finalize`, and returns the
 * copy. The service's own template is left as it was.
 */
const withRolesPerFunction = async (
  serverless: Serverless,
  template: CloudFormationTemplate,
): Promise<CloudFormationTemplate> => {
  const complete = withFunctionResources(serverless, template);
  const hooks = (serverless.pluginManager.hooks['before:package:finalize'] ?? []).filter(
    ({ pluginName }) => pluginName === rolePerFunctionPlugin,
  );
  if (hooks.length === 0) return complete;
  const { provider } = serverless.service;
  const original = provider.compiledCloudFormationTemplate;
  provider.compiledCloudFormationTemplate = complete;
  try {
    for (const { hook } of hooks) await hook();
  } finally {
    provider.compiledCloudFormationTemplate = original ?? template;
  }
  return complete;
};

const statementsOfDocument = (document: unknown): unknown[] =>
  isRecord(document) ? asList(document['Statement']) : [];

/**
 * Reads each function's execution role from the compiled template: the per-function roles of
 * serverless-iam-roles-per-function (run here on a copy, as packaging would), or the provider's
 * default role, or a role the function names. Statements come from the role's inline `Policies`
 * and from `AWS::IAM::Policy` resources attached to it, their intrinsics resolved to the local
 * cloud's ARNs. A statement that cannot be resolved grants nothing locally (and is noted);
 * managed policies are noted, not applied.
 */
export const readFunctionRoles = async (
  serverless: Serverless,
  template: CloudFormationTemplate,
  context: IntrinsicContext,
): Promise<{ roles: FunctionRole[]; unknown: UnknownRole[] }> => {
  const complete = await withRolesPerFunction(serverless, template);
  const { Resources: resources } = complete;
  const naming = serverless.getProvider('aws').naming;
  const { service } = serverless;
  const roles: FunctionRole[] = [];
  const unknown: UnknownRole[] = [];
  for (const functionKey of service.getAllFunctions()) {
    const definition = service.getFunction(functionKey);
    const functionName = definition.name ?? functionKey;
    const roleProperty = resources[naming.getLambdaLogicalId(functionKey)]?.Properties?.['Role'];
    const roleId = roleLogicalIdOf(roleProperty);
    const role = roleId === undefined ? undefined : resources[roleId];
    if (roleId === undefined || role?.Type !== 'AWS::IAM::Role') {
      unknown.push({
        functionKey,
        reason: `its role (${JSON.stringify(roleProperty)}) is not an AWS::IAM::Role of this template`,
      });
      continue;
    }
    const notes: string[] = [];
    const documents: [string, unknown][] = [];
    for (const [index, policy] of asList(role.Properties?.['Policies']).entries()) {
      if (isRecord(policy))
        documents.push([
          `Resources.${roleId}.Properties.Policies[${index}]`,
          policy['PolicyDocument'],
        ]);
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy')
        continue;
      const attached = asList(resource.Properties?.['Roles']).some(
        (entry) => isRecord(entry) && entry['Ref'] === roleId,
      );
      if (attached)
        documents.push([`Resources.${logicalId}`, resource.Properties?.['PolicyDocument']]);
    }
    const statements: PolicyStatement[] = [];
    for (const [path, document] of documents) {
      for (const [index, statement] of statementsOfDocument(document).entries()) {
        try {
          const resolved = resolveIntrinsics(
            statement,
            context,
            `${path}.PolicyDocument.Statement[${index}]`,
          );
          if (isRecord(resolved)) statements.push(resolved);
        } catch (error) {
          if (!(error instanceof IntrinsicResolutionError)) throw error;
          notes.push(`${error.message}: that statement grants nothing locally`);
        }
      }
    }
    const managed = asList(role.Properties?.['ManagedPolicyArns']);
    if (managed.length > 0) {
      notes.push(`managed policies are not applied locally: ${JSON.stringify(managed)}`);
    }
    let roleName = roleId;
    try {
      const name = resolveIntrinsics(
        role.Properties?.['RoleName'],
        context,
        `Resources.${roleId}.Properties.RoleName`,
      );
      if (typeof name === 'string') roleName = name;
    } catch (error) {
      if (!(error instanceof IntrinsicResolutionError)) throw error;
    }
    roles.push({ functionKey, functionName, roleName, statements, notes });
  }
  return { roles, unknown };
};
