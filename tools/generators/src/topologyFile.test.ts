import { workspaceRoot } from '@nx/devkit';
import { FsTree } from '@nx/devkit/internal';
import { describe, expect, it } from 'vitest';
import { readTopologyFile, TOPOLOGY_PATH, writeTopologyFile } from './topologyFile.ts';

// A tree over the real workspace, written in memory only.
const workspaceTree = () => new FsTree(workspaceRoot, false);

const textOf = (tree: FsTree): string => tree.read(TOPOLOGY_PATH, 'utf-8') ?? '';

const changedLines = (before: string, after: string): string[] => {
  const kept = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !kept.has(line));
};

const auditQueue = {
  logicalId: 'ProbeTopologyInbox',
  name: 'probe-topology-inbox.fifo',
  dlqName: 'probe-topology-inbox-dlq.fifo',
  fifo: true,
  consumer: 'checkout',
  function: 'onProbeTopologyInbox',
  batchSize: 10,
  maximumConcurrency: 5,
  subscriptions: { orderEvents: { events: ['order.placed'] } },
};

describe('writeTopologyFile', () => {
  it('adds a queue without rewriting the rest of the file', () => {
    // Prepare
    const tree = workspaceTree();
    const before = textOf(tree);
    const { json } = readTopologyFile(tree);

    // Act
    writeTopologyFile(tree, {
      ...json,
      queues: { ...json.queues, probeTopologyInbox: auditQueue },
    });

    // Assess
    const after = textOf(tree);
    expect(JSON.parse(after)).toEqual({
      ...json,
      queues: { ...json.queues, probeTopologyInbox: auditQueue },
    });
    // Nothing else is rewritten, however the file was laid out: every line is still there (a
    // one-line object, such as a topic's archive, stays on one line).
    expect(changedLines(after, before)).toEqual([]);
    const added = changedLines(before, after);
    expect(added.filter((line) => !/^\s*[}\]],?$/.test(line))).toEqual(
      expect.arrayContaining([
        '    "probeTopologyInbox": {',
        '      "logicalId": "ProbeTopologyInbox",',
      ]),
    );
    expect(added.some((line) => line.includes('retentionDays'))).toBe(false);
    expect(after.endsWith('}\n')).toBe(true);
  });

  it('changes and removes only the values that differ', () => {
    // Prepare
    const tree = workspaceTree();
    const before = textOf(tree);
    const { json } = readTopologyFile(tree);
    const queues = structuredClone(json.queues) as Record<string, Record<string, unknown>>;
    const keys = Object.keys(queues);
    const [firstKey, lastKey] = [keys[0], keys.at(-1)];
    if (firstKey === undefined || lastKey === undefined || keys.length < 2) {
      throw new Error('topology.json has fewer than two queues');
    }
    queues[firstKey] = { ...queues[firstKey], batchSize: 7 };
    const { [lastKey]: removed, ...kept } = queues;

    // Act
    writeTopologyFile(tree, { ...json, queues: kept });

    // Assess
    const after = textOf(tree);
    expect(removed).toBeDefined();
    expect(JSON.parse(after)).toEqual({ ...json, queues: kept });
    expect(changedLines(before, after)).toEqual([expect.stringMatching(/^\s*"batchSize": 7,?$/)]);
    expect(after).not.toContain(`"${lastKey}"`);
  });
});
