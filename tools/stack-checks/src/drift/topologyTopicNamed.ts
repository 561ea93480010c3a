import type { Topology, TopicSpec } from '@conveyor/event-types';

/** A topology topic under its physical name in one stage. */
export interface StagedTopic {
  readonly key: string;
  readonly spec: TopicSpec;
}

/**
 * The topology topic whose physical name in `stage` is `topicName`
 * (`conveyor-<stage>-<name>`), if any.
 */
export const topologyTopicNamed = (
  topology: Topology,
  stage: string,
  topicName: string,
): StagedTopic | undefined => {
  const entry = Object.entries(topology.topics).find(
    ([, spec]) => `${topology.namePrefix}-${stage}-${spec.name}` === topicName,
  );
  return entry === undefined ? undefined : { key: entry[0], spec: entry[1] };
};
