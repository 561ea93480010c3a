// `npm run deploy:preflight -- --service <name> --stage <stage> [--region r] [--profile p]`:
// fails (exit 1) when a topic the service subscribes to does not exist in the target stage.
import { parseArgs } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import { checkProducerTopics, formatTopicCheck } from './checkProducerTopics.ts';

const usage =
  'Usage: npm run deploy:preflight -- --service <checkout|inventory|shipping|email|marketing> --stage <stage> [--region <region>] [--profile <name>]';

const run = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const { service, stage, profile } = values;
  if (service === undefined || stage === undefined) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (stage === 'local') {
    process.stdout.write(
      'Stage "local": the serverless plugin provisions producer topics locally; nothing to check.\n',
    );
    return 0;
  }
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const sns = new SNSClient({
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
  });
  try {
    const check = await checkProducerTopics(sns, service, stage);
    const where = `region ${await sns.config.region()}`;
    process.stdout.write(`${formatTopicCheck(check, where)}\n`);
    return check.missing.length === 0 ? 0 : 1;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `deploy:preflight: cannot list the SNS topics of stage "${stage}": ${reason}\n`,
    );
    return 1;
  } finally {
    sns.destroy();
  }
};

process.exitCode = await run();
