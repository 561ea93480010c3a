import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { listPublishedEvents } from '@conveyor/event-types';
import {
  EventsSectionError,
  type EventsTopology,
  type EventVersions,
  formatEventsSection,
  readEventsSection,
  renderEventsSection,
  renderPublishedEvents,
  replaceEventsSection,
} from './eventsSection.ts';

/** One README's generated events section as it is, and as the topology says it should be. */
export interface EventsDoc {
  /** The service whose README it is, or `undefined` for the root README's published events. */
  readonly service: string | undefined;
  /** Relative to the repo root, such as `services/email/README.md`. */
  readonly readmePath: string;
  readonly current: string;
  readonly expected: string;
  /** The whole README with `expected` in place. */
  readonly updated: string;
}

/** Published versions of every event type, from the contract lib's catalogue. */
export const publishedVersions = (): EventVersions => {
  const versions: Record<string, number[]> = {};
  for (const { eventType, version } of listPublishedEvents()) {
    (versions[eventType] ??= []).push(version);
  }
  return versions;
};

/** Reads `libs/event-types/topology.json` as it is on disk. */
export const readTopologyJson = async (root = workspaceRoot): Promise<EventsTopology> =>
  JSON.parse(
    await readFile(join(root, 'libs', 'event-types', 'topology.json'), 'utf8'),
  ) as EventsTopology;

/**
 * Every service README's events section, now and as generated: one per folder under
 * `services/` with a `README.md`, then the root README's table of published events.
 *
 * @throws EventsSectionError when a README lacks its markers, or the topology names a service
 * that has no folder with a README.
 */
export const readEventsDocs = async (
  root = workspaceRoot,
  topology?: EventsTopology,
): Promise<readonly EventsDoc[]> => {
  const model = topology ?? (await readTopologyJson(root));
  const versions = publishedVersions();
  const servicesDir = join(root, 'services');
  const services = readdirSync(servicesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'README.md')),
    )
    .map((entry) => entry.name)
    .sort();
  const named = [
    ...Object.values(model.topics).map((topic) => topic.producer),
    ...Object.values(model.queues).map((queue) => queue.consumer),
  ];
  const unknown = [...new Set(named.filter((service) => !services.includes(service)))];
  if (unknown.length > 0) {
    throw new EventsSectionError(
      `topology.json names ${unknown.join(', ')}, but services/ has no such folder with a README.md`,
    );
  }
  const rootReadme = join(root, 'README.md');
  const rootText = await readFile(rootReadme, 'utf8');
  const published = await formatEventsSection(renderPublishedEvents(model, versions), rootReadme);
  const rootDoc: EventsDoc = {
    service: undefined,
    readmePath: 'README.md',
    current: readEventsSection(rootText, 'README.md'),
    expected: published,
    updated: replaceEventsSection(rootText, published, 'README.md'),
  };
  const serviceDocs = await Promise.all(
    services.map(async (service): Promise<EventsDoc> => {
      const absolute = join(servicesDir, service, 'README.md');
      const readmePath = relative(root, absolute);
      const readme = await readFile(absolute, 'utf8');
      const expected = await formatEventsSection(
        renderEventsSection(service, model, versions),
        absolute,
      );
      return {
        service,
        readmePath,
        current: readEventsSection(readme, readmePath),
        expected,
        updated: replaceEventsSection(readme, expected, readmePath),
      };
    }),
  );
  return [...serviceDocs, rootDoc];
};

/**
 * Rewrites the events section of every README that differs from the topology: the services'
 * and the root's.
 *
 * @returns the README paths it rewrote.
 */
export const writeEventsDocs = async (root = workspaceRoot): Promise<readonly string[]> => {
  const stale = (await readEventsDocs(root)).filter((doc) => doc.current !== doc.expected);
  for (const doc of stale) await writeFile(join(root, doc.readmePath), doc.updated);
  return stale.map((doc) => doc.readmePath);
};
