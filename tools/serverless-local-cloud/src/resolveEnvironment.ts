import { IntrinsicResolutionError } from './errors.ts';
import { type IntrinsicContext, resolveIntrinsics } from './resolveIntrinsics.ts';

/**
 * Resolves CloudFormation intrinsics in a function environment (`!Ref OrdersQueue`,
 * `!GetAtt Topic.TopicName`, `!Sub ...`) to local values; serverless-offline would pass the
 * objects through as "[object Object]".
 */
export const resolveEnvironment = (
  environment: Readonly<Record<string, unknown>> | undefined,
  context: IntrinsicContext,
  path: string,
): Record<string, string> => {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment ?? {})) {
    const local = resolveIntrinsics(value, context, `${path}.${name}`);
    if (local === undefined) {
      continue;
    }
    if (typeof local !== 'string' && typeof local !== 'number' && typeof local !== 'boolean') {
      throw new IntrinsicResolutionError(`Cannot resolve ${path}.${name} (not a string)`);
    }
    resolved[name] = String(local);
  }
  return resolved;
};
