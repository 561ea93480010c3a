import {
  type DecisionRecord,
  functionAccessKeyId,
  localCloudIam,
  type PolicyStatement,
} from '@conveyor/local-cloud';
import { waitFor } from './waitFor.ts';

/** What {@link revokePermission} takes away, and from whom. */
export interface PermissionToRevoke {
  /** The service as `service:` names it in serverless.yml, such as `conveyor-shipping`. */
  readonly service: string;
  /** The function's key in serverless.yml, such as `onInventoryReserved`. */
  readonly functionKey: string;
  /** The IAM action to take out of every statement that allows it, such as `sns:Publish`. */
  readonly action: string;
  /** Only from statements whose `Resource` mentions this (a table's name, say); default every one. */
  readonly resourceContains?: string;
  /** Default `local`, the stage the tests run. */
  readonly stage?: string;
}

/** A function that lost one action of its role until {@link RevokedPermission.restore}. */
export interface RevokedPermission {
  /** The function's access key id (`fn.<service>.<stage>.<function>`). */
  readonly accessKeyId: string;
  /** Waits until the local cloud has refused the function the action, and returns the refusal. */
  readonly waitForDenial: () => Promise<DecisionRecord>;
  /** How often the function was allowed each action so far (`action resource` keys). */
  readonly allowedCalls: () => Promise<ReadonlyMap<string, number>>;
  /** Puts the role's own statements back in force. Safe to call more than once. */
  readonly restore: () => Promise<void>;
}

const withoutAction = (
  statement: PolicyStatement,
  { action, resourceContains }: PermissionToRevoke,
): PolicyStatement | undefined => {
  const declared = statement['Action'];
  if (statement['Effect'] !== 'Allow' || declared === undefined) return statement;
  const resource = JSON.stringify(statement['Resource'] ?? '');
  if (resourceContains !== undefined && !resource.includes(resourceContains)) return statement;
  const actions = (Array.isArray(declared) ? declared : [declared]) as unknown[];
  const kept = actions.filter((each) => each !== action);
  if (kept.length === actions.length) return statement;
  return kept.length === 0 ? undefined : { ...statement, Action: kept };
};

/**
 * Takes one action out of a registered function's role in a local cloud that enforces IAM, as
 * a fixture copy of the role with that statement removed would, so a test sees what the
 * function does when AWS refuses it the call. Throws if the function is not registered or its
 * role does not allow the action (the test would then prove nothing). Call `restore` after.
 *
 * @example
 * ```ts
 * const revoked = await revokePermission(cloudEndpoints.sqs, {
 *   service: 'conveyor-shipping', functionKey: 'onInventoryReserved', action: 'sns:Publish',
 * });
 * try { ...; await revoked.waitForDenial(); } finally { await revoked.restore(); }
 * ```
 */
export const revokePermission = async (
  endpoint: string,
  target: PermissionToRevoke,
): Promise<RevokedPermission> => {
  const iam = localCloudIam(endpoint);
  const accessKeyId = functionAccessKeyId(
    target.service,
    target.stage ?? 'local',
    target.functionKey,
  );
  const registered = (await iam.functions()).find((each) => each.accessKeyId === accessKeyId);
  if (registered === undefined) {
    throw new Error(`${accessKeyId} is not registered with the local cloud's IAM enforcement`);
  }
  const statements = registered.declaredStatements.flatMap((statement) => {
    const kept = withoutAction(statement, target);
    return kept === undefined ? [] : [kept];
  });
  if (JSON.stringify(statements) === JSON.stringify(registered.declaredStatements)) {
    throw new Error(`The role of ${accessKeyId} allows no ${target.action} to take away`);
  }
  await iam.overrideStatements(accessKeyId, statements);
  let restored: Promise<void> | undefined;
  return {
    accessKeyId,
    waitForDenial: () =>
      waitFor(
        async () =>
          (await iam.decisions(accessKeyId)).find(
            (record) => record.action === target.action && record.decision !== 'Allowed',
          ),
        { description: `the local cloud refusing ${target.action} to ${accessKeyId}` },
      ),
    allowedCalls: async () =>
      new Map(
        (await iam.decisions(accessKeyId))
          .filter((record) => record.decision === 'Allowed')
          .map((record) => [`${record.action} ${record.resource}`, record.count]),
      ),
    restore: () => (restored ??= iam.restoreStatements(accessKeyId)),
  };
};
