import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  defaultLocalCloudPorts,
  isLocalCloudRunning,
  LocalCloudError,
  type LocalCloudPorts,
  localRegion,
  parseLocalCloudPorts,
} from '@conveyor/local-cloud';
import { ReplayError, UsageError } from './errors.ts';
import { assertStageName } from './findConsumerQueue.ts';
import { localStage } from './parseReplayArguments.ts';

/** SNS and SQS clients for one stage, and how to talk about it. */
export interface StageConnection {
  readonly stage: string;
  /** Whether the stage is the local cloud. */
  readonly local: boolean;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** Where requests go, for messages: `the local cloud on 127.0.0.1:4566`, `stage "dev" in AWS (...)`. */
  readonly where: string;
  /** Pause between two polls of ReplayStatus. */
  readonly pollIntervalMs: number;
  readonly close: () => void;
}

/** Options of {@link connectToStage}. */
export interface ConnectOptions {
  /** `local` for the local cloud; anything else is a stage in AWS. */
  readonly stage: string;
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
  /** The environment: `CONVEYOR_LOCAL_PORTS`, `AWS_PROFILE`, `AWS_REGION`, endpoints. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the local cloud's ports from `CONVEYOR_LOCAL_PORTS`, in either form the repo uses: the
 * local cloud's `fauxqs=4566,dynamodb=4567,ses=4568` and the test harness's JSON.
 *
 * @throws UsageError when the variable is set but unreadable.
 */
export const readLocalPorts = (value: string | undefined): LocalCloudPorts => {
  const text = value?.trim() ?? '';
  if (text === '') return defaultLocalCloudPorts;
  try {
    if (!text.startsWith('{')) {
      return { ...defaultLocalCloudPorts, ...parseLocalCloudPorts(text, 'CONVEYOR_LOCAL_PORTS') };
    }
    const ports: Partial<Record<keyof LocalCloudPorts, number>> = {};
    for (const [key, port] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
      if (!(key in defaultLocalCloudPorts) || !Number.isInteger(port)) throw new Error(key);
      ports[key as keyof LocalCloudPorts] = port as number;
    }
    return { ...defaultLocalCloudPorts, ...ports };
  } catch (error) {
    const reason = error instanceof LocalCloudError ? error.message : 'expected fauxqs=PORT,...';
    throw new UsageError(`CONVEYOR_LOCAL_PORTS="${text}" is not readable: ${reason}`, {
      cause: error,
    });
  }
};

/**
 * Connects to a stage's SNS and SQS: the local cloud on 127.0.0.1 for `local` (dummy
 * credentials; checked to answer), or AWS for any other stage, with the default credential
 * chain (or `profile`), checked by the first call.
 *
 * @throws UsageError for an invalid stage, `--profile` with the local stage, or an AWS stage
 *   while `AWS_ENDPOINT_URL_SNS`/`_SQS` points somewhere (a shell set up for the local cloud).
 * @throws ReplayError when the local cloud does not answer.
 */
export const connectToStage = async (options: ConnectOptions): Promise<StageConnection> => {
  const { stage, env } = options;
  assertStageName(stage);
  if (stage === localStage) {
    if (options.profile !== undefined) {
      throw new UsageError('--profile applies to AWS stages; --stage local is the local cloud.');
    }
    const ports = readLocalPorts(env.CONVEYOR_LOCAL_PORTS);
    const where = `the local cloud on 127.0.0.1:${String(ports.fauxqs)}`;
    if (!(await isLocalCloudRunning(ports))) {
      throw new ReplayError(
        `The local cloud is not running on 127.0.0.1:${String(ports.fauxqs)}. Start it with "npm run local-cloud" (or "npm start"), or set CONVEYOR_LOCAL_PORTS to the ports it runs on.`,
      );
    }
    const common = {
      endpoint: `http://127.0.0.1:${String(ports.fauxqs)}`,
      region: localRegion,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 2,
    };
    const sns = new SNSClient(common);
    const sqs = new SQSClient(common);
    return {
      stage,
      local: true,
      sns,
      sqs,
      where,
      pollIntervalMs: 200,
      close: () => {
        sns.destroy();
        sqs.destroy();
      },
    };
  }
  for (const name of ['AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL']) {
    const endpoint = env[name];
    if (endpoint !== undefined && endpoint !== '') {
      throw new UsageError(
        `Stage "${stage}" is in AWS, but ${name} is set (${endpoint}), probably from a shell set up for the local cloud. Unset it, or use --stage local.`,
      );
    }
  }
  const profile = options.profile ?? env.AWS_PROFILE;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const common = {
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(region === undefined ? {} : { region }),
  };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  return {
    stage,
    local: false,
    sns,
    sqs,
    where: `stage "${stage}" in AWS (${profile === undefined ? 'default credentials' : `profile ${profile}`}, region ${region ?? 'from the profile'})`,
    pollIntervalMs: 2_000,
    close: () => {
      sns.destroy();
      sqs.destroy();
    },
  };
};
