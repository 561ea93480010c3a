import {
  type FunctionCredentials,
  type LocalCloudIam,
  localAccountId,
  localRegion,
} from '@conveyor/local-cloud';
import { EventSourceConfigError } from './errors.ts';
import type { FunctionRole, UnknownRole } from './readFunctionRoles.ts';
import type { SqsEventSource } from './readSqsEventSources.ts';

/** Each function's own credentials, when the local cloud enforces IAM. */
export interface FunctionIdentities {
  readonly enforcing: boolean;
  /** By function key; a function not in it runs with the local shared credentials. */
  readonly credentials: ReadonlyMap<string, FunctionCredentials>;
}

/** What functions run as in a local cloud that does not enforce IAM (`--no-iam`). */
export const sharedIdentities: FunctionIdentities = { enforcing: false, credentials: new Map() };

/**
 * Registers each function and its role's statements with a local cloud that enforces IAM, which
 * answers each one's credentials.
 */
export const registerFunctionIdentities = async (
  iam: LocalCloudIam,
  service: string,
  stage: string,
  roles: readonly FunctionRole[],
): Promise<FunctionIdentities> => {
  const registered = await iam.registerFunctions(
    roles.map(({ functionKey, functionName, roleName, statements, notes }) => ({
      service,
      stage,
      functionKey,
      functionName,
      roleName,
      statements,
      notes,
    })),
  );
  return {
    enforcing: true,
    credentials: new Map(
      registered.map(({ functionKey, accessKeyId, secretAccessKey }) => [
        functionKey,
        { accessKeyId, secretAccessKey },
      ]),
    ),
  };
};

/** What an event source mapping's execution role needs on its queue (AWS checks it at deploy). */
const eventSourceActions = ['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'] as const;

/**
 * Refuses to start an SQS event source whose function's role may not poll its queue, with the
 * error AWS gives when the mapping is created, since Lambda polls with that role.
 */
export const assertEventSourcePermissions = async (
  iam: LocalCloudIam,
  sources: readonly SqsEventSource[],
  identities: FunctionIdentities,
): Promise<void> => {
  for (const source of sources) {
    const credentials = identities.credentials.get(source.functionKey);
    if (credentials === undefined) continue;
    for (const action of eventSourceActions) {
      const decision = await iam.simulate({
        accessKeyId: credentials.accessKeyId,
        action: `sqs:${action}`,
        resource: source.queueArn,
        context: {
          'aws:PrincipalAccount': localAccountId,
          'aws:RequestedRegion': localRegion,
        },
      });
      if (decision !== 'Allowed') {
        throw new EventSourceConfigError(
          `functions.${source.functionKey}: its sqs event on ${source.queueName} cannot be created: "Invalid request provided: The provided execution role does not have permissions to call ${action} on SQS" (its role needs sqs:${action} on ${source.queueArn})`,
        );
      }
    }
  }
};

/** A one-line notice of what the functions run as. */
export const describeIdentities = (
  identities: FunctionIdentities,
  unknown: readonly UnknownRole[],
): string => {
  if (!identities.enforcing) {
    return 'the local cloud does not enforce IAM (--no-iam): functions run with the shared local credentials';
  }
  const keys = [...identities.credentials.values()].map(({ accessKeyId }) => accessKeyId);
  return [
    `IAM enforced: ${keys.length} function(s) sign with their own credentials (${keys.join(', ')}) and may do what their role allows`,
    ...unknown.map(
      ({ functionKey, reason }) =>
        `${functionKey} keeps the shared credentials (${reason}): not checked`,
    ),
  ].join('; ');
};
