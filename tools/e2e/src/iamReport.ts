// `npm run iam:report [-- --ports ...]`: asks the running local cloud (`npm start`)
// which grants of each function's role were never used since it started (or since the decisions
// were last cleared), so a team can tighten the roles. The end-to-end suite prints the same
// report for its own run.
import { localCloudIam, parseLocalCloudPorts, resolveLocalCloudPorts } from '@conveyor/local-cloud';
import { formatLeastPrivilegeReport, readLeastPrivilegeReport } from './leastPrivilegeReport.ts';

const portsArgument = (): string | undefined => {
  const index = process.argv.indexOf('--ports');
  return index < 0 ? undefined : (process.argv[index + 1] ?? '');
};

const main = async (): Promise<number> => {
  const spec = portsArgument();
  const ports = resolveLocalCloudPorts(
    spec === undefined ? {} : parseLocalCloudPorts(spec, '--ports'),
  );
  const endpoint = `http://127.0.0.1:${ports.fauxqs}`;
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
