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

const usage = `Usage: npm run dashboard:stage

Writes docs/bootstrap/stage-dashboard.json from libs/event-types/topology.json; it takes no options.`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [first] = process.argv.slice(2);
  if (first === '--help' || first === '-h') {
    process.stdout.write(`${usage}\n`);
  } else if (first !== undefined) {
    // Refused before writing: an option meant for something else must not rewrite the file.
    process.stderr.write(`dashboard:stage: unexpected argument "${first}"\n${usage}\n`);
    process.exitCode = 2;
  } else {
    writeFileSync(stageDashboardPath, stageDashboardText(topology));
    process.stdout.write(`Wrote ${stageDashboardPath}\n`);
  }
}
