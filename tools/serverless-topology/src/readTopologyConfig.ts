import * as z from 'zod';
import { TopologyPluginError } from './errors.ts';

const description = z.string().min(1, 'must not be empty');

const queueAlarmsSchema = z.strictObject({
  /** What a message in the queue's DLQ means for the business, and what to do. */
  dlqDepthAlarm: description.exactOptional(),
  /** What an old message in the queue means, and what to look at. */
  oldestMessageAlarm: description.exactOptional(),
  /** Age in seconds of the oldest message that raises the alarm (default 300). */
  oldestMessageSeconds: z.int().min(60, 'must be at least 60 seconds').exactOptional(),
});

const topologyConfigSchema = z.strictObject({
  service: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be the service name of topology.json'),
  // osls resolves `${param:subscribe, 'true'}` to a string; YAML may give a boolean.
  subscribe: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform(String)
    .exactOptional(),
  queues: z.record(z.string(), queueAlarmsSchema).exactOptional(),
});

/** How one service takes part in the topology: `custom.topology` of its serverless.yml. */
export type TopologyConfig = z.output<typeof topologyConfigSchema>;

/** The service's own words for the alarms of one of its queues. */
export type QueueAlarmsConfig = z.output<typeof queueAlarmsSchema>;

/**
 * Reads and validates `custom.topology` of a service's serverless.yml.
 *
 * @example
 * ```ts
 * readTopologyConfig({ topology: { service: 'checkout', subscribe: 'true' } });
 * // { service: 'checkout', subscribe: 'true' }
 * ```
 * @throws TopologyPluginError naming every invalid field.
 */
export const readTopologyConfig = (custom: unknown): TopologyConfig => {
  const topology =
    typeof custom === 'object' && custom !== null && 'topology' in custom
      ? custom.topology
      : undefined;
  if (topology === undefined) {
    throw new TopologyPluginError(
      'custom.topology is missing: give at least the service name of topology.json (custom.topology.service)',
    );
  }
  const result = topologyConfigSchema.safeParse(topology);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) =>
      `custom.topology${issue.path.map((part) => `.${String(part)}`).join('')}: ${issue.message}`,
  );
  throw new TopologyPluginError(`Invalid ${problems.join('; ')}`);
};
