/** An IAM policy statement, intrinsics resolved (`Effect`, `Action`, `Resource`, `Condition`...). */
export type PolicyStatement = Readonly<Record<string, unknown>>;

/** A function as the local cloud learns it from a service's compiled template. */
export interface FunctionRegistration {
  /** The service (`service:` of serverless.yml), e.g. `conveyor-shipping`. */
  readonly service: string;
  readonly stage: string;
  /** The function's key in serverless.yml, e.g. `onInventoryReserved`. */
  readonly functionKey: string;
  /** The deployed function name, e.g. `conveyor-shipping-local-onInventoryReserved`. */
  readonly functionName: string;
  /** The name of its execution role. */
  readonly roleName: string;
  /** Every statement of the role's policies, with concrete local ARNs. */
  readonly statements: readonly PolicyStatement[];
  /** What of the role the local cloud cannot apply (managed policies, unresolvable statements). */
  readonly notes?: readonly string[];
}

/** Credentials for a function's environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`). */
export interface FunctionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const functionKeyPrefix = 'fn.';

/**
 * The secret of the local cloud's shared credentials (`localCloudEnvironment`), which scripts and
 * tests sign with. A URL presigned with credentials the local cloud does not know is checked
 * against it; any other call with unknown credentials is not checked at all.
 */
export const localSharedSecret = 'local';

/**
 * The access key id of a function: `fn.<service>.<stage>.<functionKey>`, so every signed call
 * names its caller. Service, stage and function keys hold no dots in the Serverless Framework.
 *
 * @example
 * ```ts
 * functionAccessKeyId('conveyor-shipping', 'local', 'onInventoryReserved');
 * // 'fn.conveyor-shipping.local.onInventoryReserved'
 * ```
 */
export const functionAccessKeyId = (service: string, stage: string, functionKey: string): string =>
  `${functionKeyPrefix}${service}.${stage}.${functionKey}`;

/**
 * Whether an access key id has the shape of a function's. Such a key that is not registered is
 * refused (the function's service should register again), never taken for an administrator's.
 */
export const isFunctionAccessKeyId = (accessKeyId: string): boolean =>
  accessKeyId.startsWith(functionKeyPrefix);

/** The ARN a function's calls are made as, as AWS names a Lambda role session. */
export const functionPrincipalArn = (
  registration: Pick<FunctionRegistration, 'roleName' | 'functionName'>,
  accountId: string,
): string =>
  `arn:aws:sts::${accountId}:assumed-role/${registration.roleName}/${registration.functionName}`;
