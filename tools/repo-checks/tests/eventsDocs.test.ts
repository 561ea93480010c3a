// Every service README's "consumes / produces" section, and the root README's table of published
// events, are what the topology says, so the docs cannot drift from the routing. `npm run
// docs:events` rewrites them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEventsDocs, readTopologyJson, writeEventsDocs } from '../src/eventsDocs.ts';
import { EVENTS_DOCS_SCRIPT, EVENTS_END, EVENTS_START } from '../src/eventsSection.ts';

const docs = await readEventsDocs();
const scratch = await mkdtemp(join(tmpdir(), 'events-docs-'));

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('READMEs', () => {
  it('exist for every service the topology names', async () => {
    // Prepare
    const topology = await readTopologyJson();

    // Act
    const named = new Set([
      ...Object.values(topology.topics).map((topic) => topic.producer),
      ...Object.values(topology.queues).map((queue) => queue.consumer),
    ]);

    // Assess
    expect(docs.map((doc) => doc.service)).toEqual(expect.arrayContaining([...named]));
  });

  it.each(docs.map((doc) => [doc.readmePath, doc] as const))(
    '%s shows the events libs/event-types/topology.json routes',
    (readmePath, doc) => {
      // Assess
      expect(
        doc.current,
        `${readmePath}: the section between its events markers differs from libs/event-types/topology.json; run \`${EVENTS_DOCS_SCRIPT}\` and commit the result`,
      ).toBe(doc.expected);
    },
  );
});

describe('writeEventsDocs', () => {
  it('finds a stale section and rewrites it, leaving the rest of the README alone', async () => {
    // Prepare: a repo with the real topology, a README for each service it names (however many
    // a team has added), and an inventory README holding an old table.
    const readmePath = join(scratch, 'services', 'inventory', 'README.md');
    const topology = await readTopologyJson();
    await mkdir(join(scratch, 'libs', 'event-types'), { recursive: true });
    await writeFile(
      join(scratch, 'libs', 'event-types', 'topology.json'),
      JSON.stringify(topology),
    );
    for (const service of new Set([
      ...Object.values(topology.topics).map((topic) => topic.producer),
      ...Object.values(topology.queues).map((queue) => queue.consumer),
    ])) {
      await mkdir(join(scratch, 'services', service), { recursive: true });
      await writeFile(
        join(scratch, 'services', service, 'README.md'),
        `# ${service}\n\n${EVENTS_START}\n${EVENTS_END}\n\nNotes.\n`,
      );
    }
    await writeFile(
      readmePath,
      `# inventory\n\n${EVENTS_START}\n| consumes | \`order.placed\` |\n${EVENTS_END}\n\nNotes.\n`,
    );
    // The root README's table of published events, left empty.
    await writeFile(join(scratch, 'README.md'), `# Repo\n\n${EVENTS_START}\n${EVENTS_END}\n`);

    // Act
    const stale = (await readEventsDocs(scratch)).filter((doc) => doc.current !== doc.expected);
    const written = await writeEventsDocs(scratch);
    const after = await readEventsDocs(scratch);

    // Assess
    expect(stale.map((doc) => doc.readmePath)).toEqual(
      expect.arrayContaining(['services/inventory/README.md', 'README.md']),
    );
    expect(written).toEqual(stale.map((doc) => doc.readmePath));
    expect(after.filter((doc) => doc.current !== doc.expected)).toEqual([]);
    const readme = await readFile(readmePath, 'utf8');
    expect(readme).toMatch(/^# inventory\n\n<!-- events:start -->\n\n<!-- Generated from/);
    expect(readme).toMatch(/\| `order\.placed` v1 +\| `order-events\.fifo` \(checkout\)/);
    expect(readme).toMatch(/\n<!-- events:end -->\n\nNotes\.\n$/);
    expect(await readFile(join(scratch, 'README.md'), 'utf8')).toMatch(
      /\| `order\.placed` +\| 1 +\| checkout +\| `order-events\.fifo` +\|/,
    );
  });
});
