import { isRecord, toArray } from '../isRecord.ts';
import type { PackagedStack } from '../packagedStack.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';
import {
  type TagShape,
  TagShapes,
  taggableResourceTypes,
  untaggableResourceTypes,
} from './taggableResourceTypes.ts';

/** The tags every resource (and the stack) carries. */
export const REQUIRED_TAG_KEYS = ['service', 'owner', 'stage'] as const;

const readTags = (shape: TagShape, tags: unknown): ReadonlyMap<string, unknown> => {
  if (shape === TagShapes.Map) {
    return new Map(isRecord(tags) ? Object.entries(tags) : []);
  }
  return new Map(
    toArray(tags).flatMap((tag) =>
      isRecord(tag) && typeof tag.Key === 'string' ? [[tag.Key, tag.Value] as const] : [],
    ),
  );
};

// Missing keys, and literal values that contradict the stack (an intrinsic value is taken on trust).
const tagProblems = (
  tags: ReadonlyMap<string, unknown>,
  { service, stage }: PackagedStack,
): string[] => {
  const missing = REQUIRED_TAG_KEYS.filter((key) => {
    const value = tags.get(key);
    return value === undefined || value === '';
  });
  const problems = missing.length > 0 ? [`missing tag ${missing.join(', ')}`] : [];
  const expected: Readonly<Record<string, string>> = { service, stage };
  for (const [key, value] of Object.entries(expected)) {
    const actual = tags.get(key);
    if (typeof actual === 'string' && actual !== '' && actual !== value) {
      problems.push(`tag ${key} is "${actual}", must be "${value}"`);
    }
  }
  return problems;
};

/**
 * `required-tags`: every resource that CloudFormation can tag has the tags `service`, `owner` and
 * `stage`, in its type's shape; the stack's tags (`provider.stackTags`) have them too, for the
 * types that cannot be tagged. A type in neither table fails, so the tables stay complete.
 */
export const requiredTagsRule: StackRule = {
  id: 'required-tags',
  description:
    'Every taggable resource has Tags service, owner and stage (service and stage matching the stack); provider.stackTags has them too.',
  check: (stack) => {
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service: stack.service, resource, rule: requiredTagsRule.id, message });
    };
    for (const problem of tagProblems(new Map(Object.entries(stack.stackTags)), stack)) {
      report('provider.stackTags', problem);
    }
    for (const [logicalId, { Type, Properties }] of Object.entries(stack.template.Resources)) {
      const shape = taggableResourceTypes[Type];
      if (shape === undefined) {
        if (!untaggableResourceTypes.has(Type)) {
          report(
            logicalId,
            `type ${Type} is in neither table of taggableResourceTypes.ts; add it with its tag shape, or to the untaggable types`,
          );
        }
        continue;
      }
      for (const problem of tagProblems(readTags(shape, Properties.Tags), stack)) {
        report(logicalId, problem);
      }
    }
    return violations;
  },
};
