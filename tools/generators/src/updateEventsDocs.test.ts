import { topology } from '@conveyor/event-types';
import { workspaceRoot } from '@nx/devkit';
import { FsTree } from '@nx/devkit/internal';
import { describe, expect, it } from 'vitest';
import { updateEventsDocs } from './updateEventsDocs.ts';

describe('updateEventsDocs', () => {
  it('changes nothing where the READMEs match the topology (as `npm run docs:events` left them)', async () => {
    // Prepare
    const tree = new FsTree(workspaceRoot, false);

    // Act
    const changed = await updateEventsDocs(tree, topology);

    // Assess
    expect(changed).toEqual([]);
    expect(tree.listChanges()).toEqual([]);
  });

  it("rewrites only the sections a topology change touches: the consumer's and its producer's", async () => {
    // Prepare
    const tree = new FsTree(workspaceRoot, false);
    const marketingAudience = topology.queues.marketingAudience;
    if (marketingAudience === undefined) throw new Error('no marketingAudience in the topology');
    const changedTopology = {
      ...topology,
      queues: {
        ...topology.queues,
        marketingAudience: {
          ...marketingAudience,
          subscriptions: {
            ...marketingAudience.subscriptions,
            shippingEvents: { events: ['shipment.created' as const] },
          },
        },
      },
    };

    // Act
    const changed = await updateEventsDocs(tree, changedTopology);

    // Assess
    expect(changed).toEqual(['services/marketing/README.md', 'services/shipping/README.md']);
    expect(tree.read('services/marketing/README.md', 'utf-8')).toMatch(
      /\| `shipment\.created` v1 +\| `shipping-events\.fifo` \(shipping\) +\| `marketing-audience`/,
    );
    expect(tree.listChanges().map((change) => change.path)).toEqual(changed);
  });
});
