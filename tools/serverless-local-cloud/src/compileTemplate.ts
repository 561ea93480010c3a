import type { CloudFormationTemplate, Serverless } from './serverlessTypes.ts';

/**
 * The package lifecycle events that build the template without artifacts. `compileFunctions` is
 * left out: it hashes deployment zips, which `sls offline` never builds, and function resources
 * are ignored locally anyway.
 */
const compileEvents = [
  'package:initialize',
  'package:setupProviderConfiguration',
  'package:compileEvents',
  'aws:package:finalize:mergeCustomProviderResources',
] as const;

/**
 * Returns the service's compiled CloudFormation template, compiling it first when needed (it is
 * still undefined when `sls offline start` begins). Runs every plugin's hooks for the compile
 * events above, as `sls package` would. Must run before serverless-offline's own init, which
 * strips `method` and `path` from httpApi events and so breaks `package:compileEvents`.
 */
export const compileTemplate = async (serverless: Serverless): Promise<CloudFormationTemplate> => {
  const { provider } = serverless.service;
  if (provider.compiledCloudFormationTemplate === undefined) {
    for (const event of compileEvents) {
      for (const phase of [`before:${event}`, event, `after:${event}`]) {
        for (const { hook } of serverless.pluginManager.hooks[phase] ?? []) {
          await hook();
        }
      }
    }
  }
  const template = provider.compiledCloudFormationTemplate;
  if (template === undefined) {
    throw new Error('compiling the service left provider.compiledCloudFormationTemplate undefined');
  }
  return template;
};
