// `npm run iam:report [-- --ports ...]`: asks the running local cloud (`npm start`)
// which grants of each function's role were never used since it started (or since the decisions
// were last cleared), so a team can tighten the roles. The end-to-end suite prints the same
// report for its own run.
import { parseArgs } from 'node:util';
import {
  LocalCloudError,
  localCloudIam,
  parseLocalCloudPorts,
  readLocalCloudPortsSetting,
  resolveLocalCloudPorts,
} from '@conveyor/local-cloud';
import { parseOrExit } from './commandLine.ts';
import { formatLeastPrivilegeReport, readLeastPrivilegeReport } from './leastPrivilegeReport.ts';

const usage = `Usage: npm run iam:report -- [--ports fauxqs=PORT,dynamodb=PORT,ses=PORT]

Prints, per function, the grants of its role that no call used since the running local cloud
(npm start, IAM enforced) started: what a team can take out of serverless.yml. --ports names
the local cloud's ports (three numbers, or any subset by name); default CONVEYOR_LOCAL_PORTS,
then 4566,4567,4568.`;

const { values } = parseOrExit(
  () =>
    parseArgs({
      options: { ports: { type: 'string' }, help: { type: 'boolean', default: false } },
    }),
  usage,
);

const portsOrExit = () => {
  try {
    return values.ports === undefined
      ? readLocalCloudPortsSetting(process.env['CONVEYOR_LOCAL_PORTS'], 'CONVEYOR_LOCAL_PORTS')
      : resolveLocalCloudPorts(parseLocalCloudPorts(values.ports, '--ports'));
  } catch (error) {
    if (!(error instanceof LocalCloudError)) throw error;
    console.error(`iam:report: ${error.message}\n\n${usage}`);
    process.exit(2);
  }
};

const main = async (): Promise<number> => {
  const endpoint = `http://127.0.0.1:${String(portsOrExit().fauxqs)}`;
  const iam = localCloudIam(endpoint);
  if (!(await iam.enforcing())) {
    console.error(
      `No local cloud enforcing IAM answers on ${endpoint}: start it with npm start (not --no-iam), run the flows, then this report.`,
    );
    return 1;
  }
  console.log(formatLeastPrivilegeReport(await readLeastPrivilegeReport(iam)));
  return 0;
};

process.exitCode = await main();
