import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationOutput } from './serverlessTypes.ts';
import { TopologyPluginError } from './errors.ts';

/**
 * The stack output naming the version a service was deployed at: its package.json `version`,
 * which `nx release` sets. An operator reads which release runs in a stage from the stack
 * (`aws cloudformation describe-stacks`), without the repository at hand.
 *
 * @example
 * ```ts
 * serviceVersionOutput('services/shipping'); // { Description: '…', Value: '0.4.1' }
 * ```
 * @throws TopologyPluginError when the service's package.json is missing or has no version.
 */
export const serviceVersionOutput = (serviceDir: string): CloudFormationOutput => {
  const path = join(serviceDir, 'package.json');
  let version: unknown;
  try {
    ({ version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown });
  } catch (error) {
    throw new TopologyPluginError(
      `${path}: cannot read the service's version (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  if (typeof version !== 'string' || version === '') {
    throw new TopologyPluginError(`${path} has no version: nx release versions each service there`);
  }
  return {
    Description: "The service's package.json version this stack was deployed from (nx release)",
    Value: version,
  };
};
