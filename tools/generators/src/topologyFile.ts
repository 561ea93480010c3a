import { parseTopology, type Topology } from '@conveyor/event-types';
import type { Tree } from '@nx/devkit';
import { GeneratorError } from './GeneratorError.ts';

/** Where the topology lives, from the workspace root. */
export const TOPOLOGY_PATH = 'libs/event-types/topology.json';

/** topology.json as plain JSON, in its own key order, `$comment` included. */
export type TopologyJson = Record<string, unknown> & {
  topics: Record<string, unknown>;
  queues: Record<string, unknown>;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads topology.json from the tree, as JSON (to edit and write back) and validated (to read).
 *
 * @throws GeneratorError when the file is missing or not an object with topics and queues.
 * @throws EventTypesError when it fails the contract lib's checks.
 */
export const readTopologyFile = (tree: Tree): { json: TopologyJson; topology: Topology } => {
  const text = tree.read(TOPOLOGY_PATH, 'utf-8');
  if (text === null) throw new GeneratorError(`${TOPOLOGY_PATH} is missing`);
  const json: unknown = JSON.parse(text);
  if (!isRecord(json) || !isRecord(json.topics) || !isRecord(json.queues)) {
    throw new GeneratorError(`${TOPOLOGY_PATH} has no "topics" and "queues" objects`);
  }
  return {
    json: json as TopologyJson,
    topology: parseTopology(json),
  };
};

/**
 * Writes topology.json after the contract lib's checks pass on it, so a generator never leaves
 * a topology that fails every importer when it loads.
 *
 * @returns the validated topology.
 * @throws EventTypesError naming every problem, the queue or topic at fault included.
 */
export const writeTopologyFile = (tree: Tree, json: TopologyJson): Topology => {
  const topology = parseTopology(json);
  tree.write(TOPOLOGY_PATH, `${JSON.stringify(json, null, 2)}\n`);
  return topology;
};
