// `npm run dashboard:stage`: writes the stage dashboard's template from topology.json. Run it
// after changing the topology; `buildStageDashboard.test.ts` fails until the file is current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topology } from '@conveyor/event-types';
import { stageDashboardText } from './buildStageDashboard.ts';

/** Where the template is kept, beside the other bootstrap templates. */
export const stageDashboardPath = fileURLToPath(
  new URL('../../../docs/bootstrap/stage-dashboard.json', import.meta.url),
);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(stageDashboardPath, stageDashboardText(topology));
  process.stdout.write(`Wrote ${stageDashboardPath}\n`);
}
