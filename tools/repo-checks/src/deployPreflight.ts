// `npm run deploy:preflight -- --service <name> --stage <stage> [--region r] [--profile p]`:
// fails (exit 1) when a topic the service subscribes to, or an export its stack imports
// (Fn::ImportValue), does not exist in the target stage.
// Without --region it checks the region `sls deploy` falls back to, not the SDK's (AWS_REGION or a
// profile's region, which the deploy ignores): the check is only worth something where the deploy
// will go.
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  assertStageName,
  AWS_CLIENT_TIMEOUTS,
  explainAccessTrouble,
  UsageError,
} from '@conveyor/dlq';
import {
  checkImportedExports,
  formatExportCheck,
  listExportNames,
  requiredExports,
} from './checkImportedExports.ts';
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
    const missing = [service === undefined ? '--service' : '', stage === undefined ? '--stage' : '']
      .filter((option) => option !== '')
      .join(' and ');
    process.stderr.write(`deploy:preflight: ${missing} missing\n${usage}\n`);
    return 2;
  }
  try {
    assertStageName(stage);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`deploy:preflight: ${error.message}\n`);
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
  // A shell set up for the local cloud would check it, not the stage in AWS.
  const endpointVariable = [
    'AWS_ENDPOINT_URL_SNS',
    'AWS_ENDPOINT_URL_CLOUDFORMATION',
    'AWS_ENDPOINT_URL',
  ].find((name) => (process.env[name] ?? '') !== '');
  if (endpointVariable !== undefined) {
    process.stderr.write(
      `deploy:preflight: stage "${stage}" is in AWS, but ${endpointVariable} is set (${process.env[endpointVariable] ?? ''}), probably from a shell set up for the local cloud. Unset it.\n`,
    );
    return 2;
  }
  const clientConfig = {
    region: region.region,
    ...(profile === undefined ? {} : { profile }),
    requestHandler: AWS_CLIENT_TIMEOUTS,
  };
  const sns = new SNSClient(clientConfig);
  const cloudFormation = new CloudFormationClient(clientConfig);
  const where = `region ${region.region}, from ${region.source}`;
  // What the operator tools say of credentials, reach and access; else the SDK's own words.
  const failure = (what: string, error: unknown): number => {
    const trouble = explainAccessTrouble(
      error,
      `stage "${stage}" in AWS (region ${region.region})`,
    );
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `deploy:preflight: cannot list the ${what} of stage "${stage}" in region ${region.region} (from ${region.source}): ${trouble ?? reason}\n`,
    );
    return 1;
  };
  try {
    let topicsMissing: boolean;
    try {
      const check = await checkProducerTopics(sns, service, stage);
      process.stdout.write(`${formatTopicCheck(check, where)}\n`);
      topicsMissing = check.missing.length > 0;
    } catch (error) {
      return failure('SNS topics', error);
    }
    let exportsMissing: boolean;
    try {
      const { required, unchecked } = requiredExports(service, stage);
      const check = await checkImportedExports(service, stage, required, unchecked, () =>
        listExportNames(cloudFormation),
      );
      process.stdout.write(`${formatExportCheck(check, where)}\n`);
      exportsMissing = check.missing.length > 0;
    } catch (error) {
      return failure('CloudFormation exports', error);
    }
    return topicsMissing || exportsMissing ? 1 : 0;
  } finally {
    sns.destroy();
    cloudFormation.destroy();
  }
};

process.exitCode = await run();
