import type { Topology } from '@conveyor/event-types';
import { stageDashboardText } from '@conveyor/serverless-topology';
import type { Tree } from '@nx/devkit';

/**
 * The stage dashboard's template, from the workspace root: `npm run dashboard:stage` writes it
 * (tools/serverless-topology/src/writeStageDashboard.ts), and its test fails once it is stale.
 */
export const STAGE_DASHBOARD_PATH = 'docs/bootstrap/stage-dashboard.json';

/**
 * Rewrites the stage dashboard's template in the tree from `topology`, with the text
 * `npm run dashboard:stage` writes, so a generated queue and its consumer are on the dashboard
 * and its test still passes.
 *
 * @returns whether the file changed.
 */
export const updateStageDashboard = (tree: Tree, topology: Topology): boolean => {
  const text = stageDashboardText(topology);
  if (tree.read(STAGE_DASHBOARD_PATH, 'utf-8') === text) return false;
  tree.write(STAGE_DASHBOARD_PATH, text);
  return true;
};
