import type { Topology } from '@conveyor/event-types';
import { filterPolicyEventTypes } from '../filterPolicyEventTypes.ts';
import type { PackagedStack } from '../packagedStack.ts';
import { readMessaging } from '../readMessaging.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';
import { topologyTopicNamed } from './topologyTopicNamed.ts';

/** Id of the check in its violations. */
export const FILTER_POLICY = 'filter-policy';

/**
 * `filter-policy` (contract drift b): every subscription selects by `eventType`, and names only
 * event types that `topology.json` puts on its topic. A filter naming an event the topic never
 * carries is a typo or a stale contract: the consumer silently receives nothing.
 */
export const checkFilterPolicies = (
  stacks: readonly PackagedStack[],
  topology: Topology,
): readonly Violation[] =>
  stacks.flatMap(({ service, stage, template }) =>
    readMessaging(template).subscriptions.flatMap((subscription): Violation[] => {
      const violations: Violation[] = [];
      const report = (message: string): void => {
        violations.push({
          service,
          resource: subscription.logicalId,
          rule: FILTER_POLICY,
          message,
        });
      };
      const topicName = topicNameOf(subscription.topicArn, template);
      // An unreadable TopicArn is subscription-topic's finding; nothing to compare here.
      if (topicName === undefined) return [];
      const topic = topologyTopicNamed(topology, stage, topicName);
      if (topic === undefined) {
        report(`topic ${topicName} is not in libs/event-types/topology.json`);
        return violations;
      }
      const filter = filterPolicyEventTypes(subscription.properties.FilterPolicy);
      if (filter.kind === 'unreadable') {
        report(`FilterPolicy cannot be read: ${filter.reason}`);
      } else if (filter.kind === 'all') {
        report(
          `FilterPolicy does not select by eventType; every event on ${topic.spec.name}, present or future, reaches the queue`,
        );
      } else {
        for (const eventType of filter.eventTypes) {
          if (!(topic.spec.events as readonly string[]).includes(eventType)) {
            report(
              `FilterPolicy names ${eventType}, which topology.json does not put on ${topic.spec.name} (it carries ${topic.spec.events.join(', ')})`,
            );
          }
        }
      }
      return violations;
    }),
  );
