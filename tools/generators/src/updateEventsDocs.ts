import { join } from 'node:path';
import type { Topology } from '@conveyor/event-types';
import {
  formatEventsSection,
  publishedVersions,
  readEventsSection,
  renderEventsSection,
  replaceEventsSection,
} from '@conveyor/repo-checks';
import type { Tree } from '@nx/devkit';

/**
 * Rewrites the generated events section of every service README in the tree from `topology`,
 * with the same functions `npm run docs:events` uses (`@conveyor/repo-checks`), so what a
 * generator writes is what that script and its `npm test` check expect. A consumer added to one
 * service also changes its producers' "consumed by" column.
 *
 * @returns the README paths it changed.
 * @throws EventsSectionError when a README lacks its markers.
 */
export const updateEventsDocs = async (tree: Tree, topology: Topology): Promise<string[]> => {
  const versions = publishedVersions();
  const changed: string[] = [];
  for (const service of tree.children('services').sort()) {
    const readmePath = `services/${service}/README.md`;
    const readme = tree.read(readmePath, 'utf-8');
    if (readme === null) continue;
    // Prettier's options come from the config nearest the README, as for `npm run format`.
    const section = await formatEventsSection(
      renderEventsSection(service, topology, versions),
      join(tree.root, readmePath),
    );
    if (readEventsSection(readme, readmePath) === section) continue;
    tree.write(readmePath, replaceEventsSection(readme, section, readmePath));
    changed.push(readmePath);
  }
  return changed;
};
