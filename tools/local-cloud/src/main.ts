// The local cloud on its own: `npm run local-cloud` (or `npx node tools/local-cloud/src/main.ts`).
import { cloudArgumentsUsage, parseCloudArguments } from './cloudArguments.ts';
import type { CloudReadyMessage } from './cloudProcess.ts';
import { describeLocalCloud } from './describeLocalCloud.ts';
import { LocalCloudError, LocalCloudUsageError } from './errors.ts';
import { onShutdownSignal } from './onShutdownSignal.ts';
import { startLocalCloud } from './startLocalCloud.ts';

const usage = `Usage: node tools/local-cloud/src/main.ts [options]

Runs SQS, SNS, S3 (fauxqs), DynamoDB (dynalite) and SES v2 (aws-ses-v2-local) on 127.0.0.1.
Stops on Ctrl-C, SIGTERM or SIGHUP, and when its parent process exits.

${cloudArgumentsUsage}`;

const fail = (error: unknown): never => {
  // Expected failures (port taken, bad flag) get one line; anything else is a bug: show it all.
  process.stderr.write(
    error instanceof LocalCloudError
      ? `local cloud: ${error.message}\n`
      : `${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(error instanceof LocalCloudUsageError ? 2 : 1);
};

try {
  const { options, help } = parseCloudArguments(process.argv.slice(2), process.env);
  if (help) {
    process.stdout.write(`${usage}\n`);
  } else {
    const cloud = await startLocalCloud({
      ...options,
      onLog: (line) => {
        process.stdout.write(`${line}\n`);
      },
    });
    onShutdownSignal(async () => {
      try {
        await cloud.stop();
        process.stdout.write('local cloud stopped\n');
        process.exit(0);
      } catch (error) {
        fail(error);
      }
    });
    process.stdout.write(`${describeLocalCloud(cloud, options)}\n`);
    process.stdout.write(
      cloud.iam
        ? 'IAM enforced: each function may do what its role allows, SNS delivers where queue policies let it, S3 wants a signature (--no-iam turns it off)\n'
        : 'IAM not enforced (--no-iam): every call is allowed\n',
    );
    // Under npm start's supervisor (an IPC channel): its reports on the run, served with the
    // counters at /_local-cloud/stats; then the ports it bound, 0s resolved.
    process.on('message', (message) => {
      cloud.stats?.acceptMessage(message);
    });
    process.send?.({ kind: 'local-cloud-ready', ports: cloud.ports } satisfies CloudReadyMessage);
  }
} catch (error) {
  fail(error);
}
