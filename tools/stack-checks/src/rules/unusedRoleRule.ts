import { isRecord } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

// `${Id}` and `${Id.Attr}` of an Fn::Sub; `${AWS::Region}` and `${!Literal}` name no resource.
const subReferences = (text: string): string[] =>
  [...text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}/g)].map(([, id = '']) => id);

/** Every logical id a value points at through `Ref`, `Fn::GetAtt` or `Fn::Sub`, at any depth. */
const referencesIn = (value: unknown, found = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
    return found;
  }
  if (!isRecord(value)) return found;
  const reference = referenceOf(value);
  if (reference !== undefined) found.add(reference.logicalId);
  // referenceOf reads a bare `${Id}` only; a Sub's text can name resources anywhere in it.
  const sub = value['Fn::Sub'];
  const text = Array.isArray(sub) ? (sub as unknown[])[0] : sub;
  if (typeof text === 'string') for (const id of subReferences(text)) found.add(id);
  for (const inner of Object.values(value)) referencesIn(inner, found);
  return found;
};

// A policy attached to a role adds permissions to it; it does not make anything run on it.
const POLICY_TYPES: ReadonlySet<string> = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

/**
 * `unused-role`: every IAM role is referenced by a function or another resource (or an output),
 * other than a policy attached to it. An unreferenced role grants its permissions to nobody the
 * stack knows of, yet anyone its trust policy names could still assume it. The framework compiles
 * such a role, `IamRoleLambdaExecution`, in every stack whose functions all have their own roles;
 * the topology plugin removes it.
 */
export const unusedRoleRule: StackRule = {
  id: 'unused-role',
  description:
    'Every AWS::IAM::Role is referenced (Ref, Fn::GetAtt, Fn::Sub) by a function, another resource or an output, not only by policies attached to it.',
  check: ({ service, template }) => {
    const used = new Set<string>();
    for (const [logicalId, { Type, Properties }] of Object.entries(template.Resources)) {
      const properties = POLICY_TYPES.has(Type) ? { ...Properties, Roles: undefined } : Properties;
      for (const id of referencesIn(properties)) if (id !== logicalId) used.add(id);
    }
    referencesIn(template.Outputs, used);
    const violations: Violation[] = [];
    for (const [logicalId] of resourcesOfType(template, 'AWS::IAM::Role')) {
      if (used.has(logicalId)) continue;
      violations.push({
        service,
        resource: logicalId,
        rule: unusedRoleRule.id,
        message:
          'no function, resource or output references this role: nothing runs on what it grants; remove it',
      });
    }
    return violations;
  },
};
