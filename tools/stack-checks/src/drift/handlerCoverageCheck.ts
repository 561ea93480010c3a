import type { Topology } from '@conveyor/event-types';
import { filterPolicyEventTypes } from '../filterPolicyEventTypes.ts';
import type { PackagedStack } from '../packagedStack.ts';
import { type MessagingView, readMessaging } from '../readMessaging.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';
import { readHandledEventTypes } from './readHandledEventTypes.ts';
import { topologyTopicNamed } from './topologyTopicNamed.ts';

/** Id of the check in its violations. */
export const HANDLER_COVERAGE = 'handler-coverage';

/** Handler modules per service: service → (path relative to the service folder → source text). */
export type HandlerSources = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** `src/handlers/onOrderPlaced.handler` → `src/handlers/onOrderPlaced.ts`. */
export const handlerModulePath = (handler: string): string => {
  const dot = handler.lastIndexOf('.');
  return `${dot === -1 ? handler : handler.slice(0, dot)}.ts`;
};

// Event types the subscriptions of one queue let through: each filter, cut to what its topic carries.
const letThrough = (
  messaging: MessagingView,
  stack: PackagedStack,
  topology: Topology,
  queueId: string,
): ReadonlySet<string> => {
  const eventTypes = new Set<string>();
  for (const subscription of messaging.subscriptions) {
    if (subscription.queueId !== queueId) continue;
    const topicName = topicNameOf(subscription.topicArn, stack.template);
    const topic =
      topicName === undefined ? undefined : topologyTopicNamed(topology, stack.stage, topicName);
    // Unknown topics and unreadable filters are the other checks' findings.
    if (topic === undefined) continue;
    const filter = filterPolicyEventTypes(subscription.properties.FilterPolicy);
    if (filter.kind === 'unreadable') continue;
    for (const eventType of topic.spec.events) {
      if (filter.kind === 'all' || filter.eventTypes.includes(eventType)) eventTypes.add(eventType);
    }
  }
  return eventTypes;
};

/**
 * `handler-coverage` (contract drift c): the event types each consumer's code handles (the keys of
 * `makeSqsEventHandler({ handlers })`, read from its handler module) are exactly those the
 * subscriptions of its source queue let through. A handled type nothing delivers is dead code or
 * a wrong filter; a delivered type nothing handles fails every time and fills the DLQ.
 * Handler module → function (`Handler`) → event source mapping → queue → subscriptions.
 */
export const checkHandlerCoverage = (
  stacks: readonly PackagedStack[],
  handlerSources: HandlerSources,
  topology: Topology,
): readonly Violation[] => {
  const violations: Violation[] = [];
  for (const stack of stacks) {
    const { service, template } = stack;
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: HANDLER_COVERAGE, message });
    };
    const sources = handlerSources[service] ?? {};
    const messaging = readMessaging(template);
    const invokedModules = new Set<string>();
    for (const source of messaging.eventSources) {
      if (!source.sqs || source.functionId === undefined) continue;
      const handler = template.Resources[source.functionId]?.Properties.Handler;
      if (typeof handler !== 'string') {
        report(source.functionId, 'Handler is not a string naming a handler module');
        continue;
      }
      const modulePath = handlerModulePath(handler);
      invokedModules.add(modulePath);
      const code = sources[modulePath];
      if (code === undefined) {
        report(source.functionId, `handler module ${modulePath} not found`);
        continue;
      }
      const handled = readHandledEventTypes(code, modulePath);
      for (const problem of handled.unreadable) report(source.functionId, problem);
      if (handled.calls === 0) {
        report(
          source.functionId,
          `${modulePath} calls no makeSqsEventHandler, so the event types it handles cannot be read`,
        );
        continue;
      }
      if (source.queueId === undefined) continue;
      const delivered = letThrough(messaging, stack, topology, source.queueId);
      for (const eventType of handled.eventTypes) {
        if (!delivered.has(eventType)) {
          report(
            source.functionId,
            `${modulePath} handles ${eventType}, but no subscription of ${source.queueId} lets it through (dead code or a wrong filter)`,
          );
        }
      }
      for (const eventType of delivered) {
        if (!handled.eventTypes.includes(eventType)) {
          report(
            source.functionId,
            `subscriptions of ${source.queueId} let ${eventType} through, but ${modulePath} has no handler for it (each one would fail to the DLQ)`,
          );
        }
      }
    }
    for (const [modulePath, code] of Object.entries(sources)) {
      if (invokedModules.has(modulePath)) continue;
      const handled = readHandledEventTypes(code, modulePath);
      if (handled.calls > 0) {
        report(
          modulePath,
          `handles ${handled.eventTypes.join(', ')} through makeSqsEventHandler, but no SQS event source invokes it`,
        );
      }
    }
  }
  return violations;
};
