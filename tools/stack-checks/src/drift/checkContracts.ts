import type { Topology } from '@conveyor/event-types';
import type { PackagedStack } from '../packagedStack.ts';
import type { Violation } from '../violation.ts';
import { checkFilterPolicies } from './filterPolicyCheck.ts';
import { checkHandlerCoverage, type HandlerSources } from './handlerCoverageCheck.ts';
import { checkSubscriptionTopics } from './subscriptionTopicCheck.ts';

/** Every contract-drift check (a, b, c) across all services' packaged stacks. */
export const checkContracts = (
  stacks: readonly PackagedStack[],
  handlerSources: HandlerSources,
  topology: Topology,
): readonly Violation[] => [
  ...checkSubscriptionTopics(stacks),
  ...checkFilterPolicies(stacks, topology),
  ...checkHandlerCoverage(stacks, handlerSources, topology),
];
