import { isRecord } from '../isRecord.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

const isIntrinsicKey = (key: string): boolean => key === 'Ref' || key.startsWith('Fn::');

// Where in `value` an object mixes an intrinsic function with other keys, as JSON-ish paths.
const mixedIntrinsics = (value: unknown, path: string): string[] => {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => mixedIntrinsics(item, `${path}[${String(index)}]`));
  }
  if (!isRecord(value)) return [];
  const keys = Object.keys(value);
  const here = keys.some(isIntrinsicKey) && keys.length > 1 ? [`${path} {${keys.join(', ')}}`] : [];
  return [
    ...here,
    ...Object.entries(value).flatMap(([key, child]) => mixedIntrinsics(child, `${path}.${key}`)),
  ];
};

/**
 * `intrinsic-shape`: an object that holds an intrinsic function (`Ref`, `Fn::*`) holds nothing
 * else. CloudFormation rejects such a template at deploy time, and the framework makes one
 * silently when a `serverless.yml` declares a value it also writes (such as the `HttpApiUrl`
 * output's `Value`): the two merge into one object with two functions, which `package` accepts.
 */
export const intrinsicShapeRule: StackRule = {
  id: 'intrinsic-shape',
  description:
    'An object holding Ref or an Fn:: function holds no other key (resources and outputs).',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const report = (resource: string, where: string): void => {
      violations.push({
        service,
        resource,
        rule: intrinsicShapeRule.id,
        message: `${where} mixes an intrinsic function with other keys; CloudFormation rejects it`,
      });
    };
    for (const [logicalId, { Properties }] of Object.entries(template.Resources)) {
      for (const where of mixedIntrinsics(Properties, 'Properties')) report(logicalId, where);
    }
    for (const [name, output] of Object.entries(template.Outputs)) {
      for (const where of mixedIntrinsics(output, 'Output')) report(`Outputs.${name}`, where);
    }
    return violations;
  },
};
