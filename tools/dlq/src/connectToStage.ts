import { SQSClient } from '@aws-sdk/client-sqs';
import {
  acceptsConnections,
  isLocalCloudRunning,
  LocalCloudError,
  type LocalCloudPorts,
  localRegion,
  readLocalCloudPortsSetting,
} from '@conveyor/local-cloud';
import { assertStageName } from './deadLetterQueues.ts';
import { AWS_CLIENT_TIMEOUTS } from './awsClientTimeouts.ts';
import {
  type ErrorContext,
  LocalCloudSilentError,
  LocalCloudStoppedError,
  UsageError,
} from './errors.ts';

/** The stage that means "the local cloud on this machine". */
export const localStage = 'local';

/** Where a stage lives. */
export const Targets = { Local: 'local', Aws: 'aws' } as const;

/** Where a stage lives: the local cloud or an AWS account. */
export type Target = (typeof Targets)[keyof typeof Targets];

/** An SQS client for one stage, and how to talk about it. */
export interface DlqConnection {
  readonly stage: string;
  readonly target: Target;
  readonly sqs: SQSClient;
  /** Where requests go, for messages: `the local cloud on 127.0.0.1:4566`, `AWS (profile ...)`. */
  readonly where: string;
  /**
   * Long-poll wait of each receive. AWS short polls sample only some servers and may come back
   * empty while messages exist, so AWS gets 1 s; fauxqs answers from one store, so 0 there.
   */
  readonly receiveWaitSeconds: number;
  /** Closes the client's sockets. */
  readonly close: () => void;
}

/** Options of {@link connectToStage}. */
export interface ConnectOptions {
  /** `local` for the local cloud; anything else is a stage in AWS. */
  readonly stage: string;
  /** AWS profile (AWS only); defaults to `AWS_PROFILE`, then the default credential chain. */
  readonly profile?: string | undefined;
  /** AWS region (AWS only); defaults to `AWS_REGION`/`AWS_DEFAULT_REGION`, then the profile's. */
  readonly region?: string | undefined;
  /** The environment, for `CONVEYOR_LOCAL_PORTS`, `AWS_PROFILE`, `AWS_REGION` and endpoints. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads the local cloud's ports from `CONVEYOR_LOCAL_PORTS`, in either form the repo uses: the
 * local cloud's `fauxqs=4566,dynamodb=4567,ses=4568` (or three bare numbers) and the harness's
 * JSON `{"fauxqs":4566,...}`. Missing ports take the defaults (4566, 4567, 4568).
 *
 * @throws UsageError when the variable is set but unreadable.
 */
export const readLocalPorts = (value: string | undefined): LocalCloudPorts => {
  try {
    return readLocalCloudPortsSetting(value, 'CONVEYOR_LOCAL_PORTS');
  } catch (error) {
    if (!(error instanceof LocalCloudError)) throw error;
    throw new UsageError(error.message, { cause: error });
  }
};

/**
 * What an AWS SDK v3 client needs to reach a stage, the same for every service's client: the
 * local cloud's endpoint, region and dummy credentials, or the AWS profile and region.
 */
export interface StageClientConfig {
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
  readonly profile?: string;
  /** AWS stages: connection and request timeouts ({@link AWS_CLIENT_TIMEOUTS}). */
  readonly requestHandler?: typeof AWS_CLIENT_TIMEOUTS;
}

/** A stage checked, where it lives, and how its clients reach it. */
export interface ResolvedStage {
  readonly stage: string;
  readonly target: Target;
  /** Where requests go, for messages: `the local cloud on 127.0.0.1:4566`, `AWS (profile ...)`. */
  readonly where: string;
  /** For `new SQSClient(...)`, `new SNSClient(...)` and the like. */
  readonly clientConfig: StageClientConfig;
}

/**
 * Checks a stage and says how to reach it, with no client yet: the local cloud for `--stage
 * local` (endpoints of `@conveyor/local-cloud` on 127.0.0.1, dummy credentials), or AWS for any
 * other stage (the default credential chain, or `profile`). Checks that the local cloud
 * answers; AWS credentials are checked by the first call. {@link connectToStage} makes its SQS
 * client from it; a tool that needs other clients too (the replay tool: SNS) makes them from the
 * same `clientConfig`, after checking their own endpoint variables.
 *
 * @example
 * ```ts
 * const { clientConfig, where } = await resolveStage({ stage: 'dev', env: process.env });
 * const sns = new SNSClient(clientConfig);
 * ```
 * @throws LocalCloudStoppedError when `--stage local` and nothing listens on its port.
 * @throws LocalCloudSilentError when `--stage local` and its port takes connections but its
 *   health checks get no answer.
 * @throws UsageError for an invalid stage, `--profile` with the local stage, or an AWS stage
 *   while `AWS_ENDPOINT_URL_SQS` points somewhere else (a shell set up for the local cloud).
 */
export const resolveStage = async (options: ConnectOptions): Promise<ResolvedStage> => {
  const { stage, env } = options;
  assertStageName(stage);
  if (stage === localStage) {
    if (options.profile !== undefined) {
      throw new UsageError(
        '--profile applies to AWS stages; --stage local always uses the local cloud.',
      );
    }
    const ports = readLocalPorts(env.CONVEYOR_LOCAL_PORTS);
    const where = `the local cloud on 127.0.0.1:${ports.fauxqs}`;
    if (!(await isLocalCloudRunning(ports))) {
      const address = `127.0.0.1:${ports.fauxqs}`;
      throw (await acceptsConnections(ports.fauxqs, 1_000))
        ? new LocalCloudSilentError(address)
        : new LocalCloudStoppedError(address);
    }
    return {
      stage,
      target: Targets.Local,
      where,
      clientConfig: {
        endpoint: `http://127.0.0.1:${ports.fauxqs}`,
        region: localRegion,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 2,
      },
    };
  }
  const endpoint = env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined && endpoint !== '') {
    throw new UsageError(
      `Stage "${stage}" is in AWS, but AWS_ENDPOINT_URL_SQS/AWS_ENDPOINT_URL is set (${endpoint}), probably from a shell set up for the local cloud. Unset it, or use --stage local.`,
    );
  }
  const profile = options.profile ?? env.AWS_PROFILE;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return {
    stage,
    target: Targets.Aws,
    where: `stage "${stage}" in AWS (${profile === undefined ? 'default credentials' : `profile ${profile}`}, region ${region ?? 'from the profile'})`,
    clientConfig: {
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(region === undefined ? {} : { region }),
      requestHandler: AWS_CLIENT_TIMEOUTS,
    },
  };
};

/**
 * Connects to a stage's SQS: {@link resolveStage}, then an SQS client. AWS credentials are
 * checked by the first call, whose failure `toDlqError` explains.
 *
 * @throws LocalCloudStoppedError when `--stage local` and nothing listens on its port.
 * @throws LocalCloudSilentError when `--stage local` and its port takes connections but its
 *   health checks get no answer.
 * @throws UsageError for an invalid stage, `--profile` with the local stage, or an AWS stage
 *   while `AWS_ENDPOINT_URL_SQS` points somewhere else (a shell set up for the local cloud).
 */
export const connectToStage = async (options: ConnectOptions): Promise<DlqConnection> => {
  const { stage, target, where, clientConfig } = await resolveStage(options);
  const sqs = new SQSClient(clientConfig);
  return {
    stage,
    target,
    sqs,
    where,
    receiveWaitSeconds: target === Targets.Local ? 0 : 1,
    close: () => {
      sqs.destroy();
    },
  };
};

/** The context `toDlqError` needs, for a call about `queueName`. */
export const errorContext = (connection: DlqConnection, queueName?: string): ErrorContext => ({
  local: connection.target === Targets.Local,
  where: connection.where,
  ...(queueName === undefined ? {} : { queueName }),
});
