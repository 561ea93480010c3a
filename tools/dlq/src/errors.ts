/** Process exit codes of the `dlq` command. */
export const ExitCodes = {
  /** Done. */
  Ok: 0,
  /** Something failed: AWS, the local cloud, a queue that is not there. */
  Failure: 1,
  /** The command line was wrong, or the command refused to run (purge without confirmation). */
  Usage: 2,
} as const;

/** A `dlq` exit code. */
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/**
 * Base class of every error the DLQ tool reports. Its message is one line meant for an operator
 * at a terminal; the underlying error, if any, is in `cause`.
 *
 * @example
 * ```ts
 * try { await peekDeadLetterQueue(connection, queue); } catch (error) {
 *   if (error instanceof DlqError) { console.error(error.message); process.exitCode = error.exitCode; }
 * }
 * ```
 */
export class DlqError extends Error {
  /** The exit code `main.ts` ends with. */
  public readonly exitCode: ExitCode;

  public constructor(message: string, options?: ErrorOptions & { exitCode?: ExitCode }) {
    super(message, options);
    this.name = 'DlqError';
    this.exitCode = options?.exitCode ?? ExitCodes.Failure;
  }
}

/** The command line is wrong: unknown command or option, a missing or invalid value. */
export class UsageError extends DlqError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, exitCode: ExitCodes.Usage });
    this.name = 'UsageError';
  }
}

/** The name given matches no DLQ in the topology. */
export class UnknownQueueError extends UsageError {
  public constructor(message: string) {
    super(message);
    this.name = 'UnknownQueueError';
  }
}

/** The DLQ (or its source queue) is in the topology but does not exist in the target. */
export class QueueNotFoundError extends DlqError {
  /** The physical queue name. */
  public readonly queueName: string;

  public constructor(queueName: string, where: string, options?: ErrorOptions) {
    super(
      `Queue ${queueName} does not exist in ${where}. Is its service deployed to this stage (and region)?`,
      options,
    );
    this.name = 'QueueNotFoundError';
    this.queueName = queueName;
  }
}

/** `--stage local` but no local cloud answers. */
export class LocalCloudStoppedError extends DlqError {
  public constructor(where: string, options?: ErrorOptions) {
    super(
      `The local cloud is not running on ${where}. Start it with "npm run local-cloud" (or "npm start"), or set CONVEYOR_LOCAL_PORTS to the ports it runs on.`,
      options,
    );
    this.name = 'LocalCloudStoppedError';
  }
}

/** `--stage local`: the local cloud's port takes connections, but it does not answer. */
export class LocalCloudSilentError extends DlqError {
  public constructor(where: string, options?: ErrorOptions) {
    super(
      `The local cloud on ${where} takes connections but did not answer its health check: it is busy, stopped (SIGSTOP, a debugger) or still starting. Try again in a moment, or look at its output (npm start prints it).`,
      options,
    );
    this.name = 'LocalCloudSilentError';
  }
}

/** No AWS credentials, or credentials AWS rejects. */
export class CredentialsError extends DlqError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CredentialsError';
  }
}

/** `purge` was not confirmed. */
export class PurgeRefusedError extends DlqError {
  public constructor(message: string) {
    super(message, { exitCode: ExitCodes.Usage });
    this.name = 'PurgeRefusedError';
  }
}

/** The SQS endpoint does not implement `StartMessageMoveTask` (fauxqs, for one). */
export class MoveTaskUnsupportedError extends DlqError {
  public constructor(where: string, options?: ErrorOptions) {
    super(
      `${where} does not support StartMessageMoveTask; use --method manual (receive, send to the source queue, delete).`,
      // The method asked for cannot run there: a refusal, like a wrong option.
      { ...options, exitCode: ExitCodes.Usage },
    );
    this.name = 'MoveTaskUnsupportedError';
  }
}

/** A redrive stopped part-way; `moved` messages had reached the source queue by then. */
export class RedriveError extends DlqError {
  /** How many messages were moved before it stopped. */
  public readonly moved: number;

  public constructor(message: string, moved: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedriveError';
    this.moved = moved;
  }
}

const nameOf = (error: unknown): string =>
  error instanceof Error ? (error.name === 'Error' ? '' : error.name) : '';

const codeOf = (error: unknown): string | undefined => {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, Code } = error as { code?: unknown; Code?: unknown };
  if (typeof code === 'string') return code;
  return typeof Code === 'string' ? Code : undefined;
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Whether an error from the SQS client means "no such queue", whichever protocol answered. */
export const isQueueMissing = (error: unknown): boolean =>
  ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'].includes(nameOf(error)) ||
  ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'].includes(codeOf(error) ?? '');

/** Whether the endpoint said it does not know an SQS action (fauxqs answers `InvalidAction`). */
export const isUnsupportedAction = (error: unknown): boolean =>
  ['InvalidAction', 'UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation'].includes(
    nameOf(error),
  ) || /unknown action|not supported/i.test(messageOf(error));

/** Whether a client's call failed because nothing listens on the endpoint (ECONNREFUSED). */
export const isConnectionRefused = (error: unknown): boolean => {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (codeOf(current) === 'ECONNREFUSED' || /ECONNREFUSED/.test(current.message)) return true;
  }
  return false;
};

// Errors of a network that does not reach the endpoint: no DNS, no route, or no answer in time
// (the clients' connection and request timeouts, AWS_CLIENT_TIMEOUTS in awsClientTimeouts.ts).
const unreachableCodes = [
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
];

const unreachableCode = (error: unknown): string | undefined => {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = codeOf(current);
    if (code !== undefined && unreachableCodes.includes(code)) return code;
    if (current.name === 'TimeoutError') return `no answer in time: ${current.message}`;
  }
  return undefined;
};

/**
 * What an AWS SDK client's error says, for the end of a one-line message: `Name: message`, or
 * the message alone when the error has no name of its own.
 */
export const describeAwsError = (error: unknown): string => {
  const name = nameOf(error);
  return name === '' ? messageOf(error) : `${name}: ${messageOf(error)}`;
};

/**
 * Explains an AWS SDK client's error that is about credentials, the region, reaching AWS or
 * access, in one line an operator can act on: no credentials (with the provider's reason when it
 * gives one), credentials AWS rejects, no region, an endpoint out of reach (no DNS, no route, no
 * answer within the clients' timeouts), or access denied (SQS's and SNS's names for it).
 * `undefined` for any other error. The same for every client, so the operator tools share it (the
 * replay tool too).
 *
 * @example
 * ```ts
 * const trouble = explainAccessTrouble(error, 'stage "dev" in AWS (profile ops, region eu-west-1)');
 * if (trouble !== undefined) throw new CredentialsError(trouble, { cause: error });
 * ```
 */
export const explainAccessTrouble = (error: unknown, where: string): string | undefined => {
  const name = nameOf(error);
  const message = messageOf(error);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    // The provider's own reason when it has one: a profile not found, an SSO session expired.
    const reason = /could not load credentials from any providers/i.test(message)
      ? ''
      : ` (${message.trim().replace(/\.$/, '')})`;
    return `No AWS credentials for ${where}${reason}. Pass --profile (or set AWS_PROFILE) to a profile that can reach this stage, one that ~/.aws/config or ~/.aws/credentials defines; for SSO profiles run "aws sso login --profile <name>" first.`;
  }
  const unreachable = unreachableCode(error);
  if (unreachable !== undefined) {
    return `Cannot reach AWS for ${where} (${unreachable}): check the network, a proxy or VPN, and the region.`;
  }
  if (
    [
      'ExpiredToken',
      'ExpiredTokenException',
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'SignatureDoesNotMatch',
    ].includes(name)
  ) {
    return `AWS rejected the credentials for ${where} (${name}): refresh them (for SSO, "aws sso login") and try again.`;
  }
  if (/region is missing/i.test(message)) {
    return `No AWS region for ${where}: pass --region, set AWS_REGION, or give the profile a region (a profile must exist in ~/.aws/config to give one).`;
  }
  if (['AccessDenied', 'AccessDeniedException', 'AuthorizationErrorException'].includes(name)) {
    return `Access denied in ${where}: ${message}`;
  }
  return undefined;
};

/** How `toDlqError` describes the target in its messages. */
export interface ErrorContext {
  /** Whether the target is the local cloud. */
  readonly local: boolean;
  /** Where requests went, for example `the local cloud on 127.0.0.1:4566`. */
  readonly where: string;
  /** The queue the call was about, if any. */
  readonly queueName?: string;
}

/**
 * Turns whatever the SQS client threw into a one-line `DlqError` an operator can act on: a
 * missing queue, a stopped local cloud, missing or expired credentials, a missing region, or
 * access denied. Anything else keeps its own message, prefixed with where it happened.
 *
 * @example
 * ```ts
 * try { await sqs.send(command); } catch (error) { throw toDlqError(error, context); }
 * ```
 */
export const toDlqError = (error: unknown, context: ErrorContext): DlqError => {
  if (error instanceof DlqError) return error;
  if (isQueueMissing(error) && context.queueName !== undefined) {
    return new QueueNotFoundError(context.queueName, context.where, { cause: error });
  }
  if (isConnectionRefused(error)) {
    return context.local
      ? new LocalCloudStoppedError(context.where, { cause: error })
      : new DlqError(`Cannot reach SQS in ${context.where}: ${messageOf(error)}`, {
          cause: error,
        });
  }
  const trouble = explainAccessTrouble(error, context.where);
  if (trouble !== undefined) return new CredentialsError(trouble, { cause: error });
  const subject = context.queueName === undefined ? '' : ` on ${context.queueName}`;
  return new DlqError(`SQS call failed${subject} in ${context.where}: ${describeAwsError(error)}`, {
    cause: error,
  });
};
