// `npm run deploy:preflight -- --service <name> --stage <stage> [--region r] [--profile p]`:
// fails (exit 1) when a topic the service subscribes to does not exist in the target stage.
// Without --region it checks the region `sls deploy` falls back to, not the SDK's (AWS_REGION or a
// profile's region, which the deploy ignores): the check is only worth something where the deploy
// will go.
import { parseArgs } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import { checkProducerTopics, formatTopicCheck, topologyServices } from './checkProducerTopics.ts';
import { preflightRegion, preflightUsage, serverlessDefaultRegion } from './preflightOptions.ts';

const usage = preflightUsage(topologyServices().toSorted());

const run = async (): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        service: { type: 'string' },
        stage: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    // parseArgs throws only for the command line: an unknown option, a missing value.
    process.stderr.write(`deploy:preflight: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const { service, stage, profile } = values;
  if (service === undefined || stage === undefined) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (!topologyServices().includes(service)) {
    process.stderr.write(`deploy:preflight: unknown service "${service}"\n${usage}\n`);
    return 2;
  }
  if (stage === 'local') {
    process.stdout.write(
      'Stage "local": the serverless plugin provisions producer topics locally; nothing to check.\n',
    );
    return 0;
  }
  const region = preflightRegion(values.region, serverlessDefaultRegion(service));
  if (region === undefined) {
    process.stderr.write(
      'deploy:preflight: no region: pass --region <region> (the one you deploy to).\n',
    );
    return 2;
  }
  const sns = new SNSClient({
    region: region.region,
    ...(profile === undefined ? {} : { profile }),
  });
  try {
    const check = await checkProducerTopics(sns, service, stage);
    const where = `region ${region.region}, from ${region.source}`;
    process.stdout.write(`${formatTopicCheck(check, where)}\n`);
    return check.missing.length === 0 ? 0 : 1;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `deploy:preflight: cannot list the SNS topics of stage "${stage}" in region ${region.region} (from ${region.source}): ${reason}\n`,
    );
    return 1;
  } finally {
    sns.destroy();
  }
};

process.exitCode = await run();
