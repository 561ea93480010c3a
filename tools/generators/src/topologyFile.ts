import { parseTopology, type Topology } from '@conveyor/event-types';
import type { Tree } from '@nx/devkit';
import { applyEdits, type JSONPath, modify } from 'jsonc-parser';
import { GeneratorError } from './GeneratorError.ts';

/** Where the topology lives, from the workspace root. */
export const TOPOLOGY_PATH = 'libs/event-types/topology.json';

/** topology.json as plain JSON, in its own key order, `$comment` included. */
export type TopologyJson = Record<string, unknown> & {
  topics: Record<string, unknown>;
  queues: Record<string, unknown>;
};

const topologyText = (tree: Tree): string => {
  const text = tree.read(TOPOLOGY_PATH, 'utf-8');
  if (text === null) throw new GeneratorError(`${TOPOLOGY_PATH} is missing`);
  return text;
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
  const json: unknown = JSON.parse(topologyText(tree));
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
 * @throws GeneratorError when the file is missing: it is edited in place, never created.
 */
export const writeTopologyFile = (tree: Tree, json: TopologyJson): Topology => {
  const topology = parseTopology(json);
  tree.write(TOPOLOGY_PATH, editJsonText(topologyText(tree), json));
  return topology;
};

/** A value to set at a path of a JSON document, or `undefined` to remove it. */
interface JsonChange {
  readonly path: JSONPath;
  readonly value: unknown;
}

/** The fewest changes that turn `before` into `after`: each at the deepest object that differs. */
const jsonChanges = (before: unknown, after: unknown, path: JSONPath = []): JsonChange[] => {
  if (!isRecord(before) || !isRecord(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, value: after }];
  }
  const removed = Object.keys(before)
    .filter((key) => !(key in after))
    .map((key) => ({ path: [...path, key], value: undefined }));
  return [
    ...removed,
    ...Object.entries(after).flatMap(([key, value]) =>
      key in before
        ? jsonChanges(before[key], value, [...path, key])
        : [{ path: [...path, key], value }],
    ),
  ];
};

/**
 * `text` edited in place to hold `json`: only what changed is rewritten, so the file keeps its
 * own layout (Prettier keeps an object on one line only if it was written so, and a full
 * `JSON.stringify` would spread every one-line object of the file over several lines).
 */
const editJsonText = (text: string, json: unknown): string =>
  jsonChanges(JSON.parse(text), json).reduce(
    (edited, { path, value }) =>
      applyEdits(
        edited,
        modify(edited, path, value, {
          formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
        }),
      ),
    text,
  );
