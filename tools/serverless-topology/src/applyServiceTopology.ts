import type { ServiceTopology } from './buildServiceTopology.ts';
import { TopologyPluginError } from './errors.ts';
import type { CloudFormationTemplate, ServerlessFunction } from './serverlessTypes.ts';

/** The parts of a service's configuration the topology adds to. */
export interface ServiceConfiguration {
  /** `provider.environment` of serverless.yml. */
  environment: Record<string, unknown>;
  /** `resources` of serverless.yml; created when the service has none. */
  resources: CloudFormationTemplate;
  /** The service's functions, by key. */
  readonly functions: Readonly<Record<string, ServerlessFunction>>;
}

const handWritten = (section: string, logicalId: string): TopologyPluginError =>
  new TopologyPluginError(
    `resources.${section}.${logicalId} is written in serverless.yml, but the topology builds it (tools/serverless-topology); remove it from serverless.yml`,
  );

// An empty section is left out: CloudFormation refuses an empty Conditions or Outputs.
const merge = <K extends 'Resources' | 'Conditions' | 'Outputs'>(
  resources: CloudFormationTemplate,
  section: K,
  additions: NonNullable<CloudFormationTemplate[K]>,
): void => {
  const entries = Object.entries(additions);
  if (entries.length === 0) return;
  const target: Record<string, unknown> = (resources[section] ??= {});
  for (const [logicalId, value] of entries) {
    if (Object.hasOwn(target, logicalId)) throw handWritten(section, logicalId);
    target[logicalId] = value;
  }
};

const sameArn = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Adds a built {@link ServiceTopology} to a service's configuration as if it had been written
 * in serverless.yml: environment variables in `provider.environment`, resources, conditions and
 * outputs under `resources`, and on each consuming
 * function its `sqs` event and its IAM statement (`iamRoleStatements`, which
 * serverless-iam-roles-per-function turns into the function's role). Done before any command's
 * lifecycle, so the framework, serverless-offline and the local cloud all see them.
 *
 * @example
 * ```ts
 * applyServiceTopology({ environment, resources, functions }, built);
 * ```
 * @throws TopologyPluginError when serverless.yml already writes something the topology builds,
 *   or a consuming function is missing.
 */
export const applyServiceTopology = (
  configuration: ServiceConfiguration,
  built: ServiceTopology,
): void => {
  const { environment, resources, functions } = configuration;
  for (const { queueKey, functionKey, sqsEvent } of built.consumers) {
    const fn = functions[functionKey];
    if (fn === undefined) {
      throw new TopologyPluginError(
        `topology.json: queue "${queueKey}" is consumed by function ${functionKey}, which serverless.yml does not declare`,
      );
    }
    const duplicate = (fn.events ?? []).some((event) => {
      const sqs = event.sqs;
      const arn = typeof sqs === 'object' && sqs !== null && 'arn' in sqs ? sqs.arn : sqs;
      return sqs !== undefined && sameArn(arn, sqsEvent.arn);
    });
    if (duplicate) {
      throw new TopologyPluginError(
        `functions.${functionKey}.events has an sqs event on the queue of "${queueKey}", but the topology builds it (tools/serverless-topology); remove it from serverless.yml`,
      );
    }
  }
  for (const variable of Object.keys(built.environment)) {
    if (Object.hasOwn(environment, variable)) {
      throw new TopologyPluginError(
        `provider.environment.${variable} is set in serverless.yml, but the topology sets it (tools/serverless-topology); remove it from serverless.yml`,
      );
    }
  }
  Object.assign(environment, built.environment);
  merge(resources, 'Resources', built.resources);
  merge(resources, 'Conditions', built.conditions);
  merge(resources, 'Outputs', built.outputs);
  for (const { functionKey, sqsEvent, iamStatement } of built.consumers) {
    const fn = functions[functionKey];
    if (fn === undefined) continue;
    fn.events = [...(fn.events ?? []), { sqs: sqsEvent }];
    fn.iamRoleStatements = [...(fn.iamRoleStatements ?? []), iamStatement];
  }
};

/** The statement an actively traced function needs: X-Ray segments are no resource, hence `*`. */
export const xrayStatement = {
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: '*',
} as const;

/**
 * Gives each traced function with a role of its own the right to send its trace segments. The
 * framework adds them only to the shared role, and serverless-iam-roles-per-function builds a
 * function's role from its `iamRoleStatements` alone, so without this no segment would arrive.
 * A function is traced when its own `tracing`, or else `provider.tracing.lambda`, is truthy.
 *
 * @example
 * ```ts
 * grantTracing(functions, provider.tracing?.lambda);
 * ```
 */
export const grantTracing = (
  functions: Readonly<Record<string, ServerlessFunction>>,
  providerTracing: unknown,
): void => {
  for (const fn of Object.values(functions)) {
    const traced = Boolean(fn.tracing ?? providerTracing);
    if (!traced || fn.iamRoleStatements === undefined) continue;
    const granted = fn.iamRoleStatements.some(
      (statement) => JSON.stringify(statement) === JSON.stringify(xrayStatement),
    );
    if (!granted)
      fn.iamRoleStatements = [
        ...fn.iamRoleStatements,
        { ...xrayStatement, Action: [...xrayStatement.Action] },
      ];
  }
};
