import type { ConditionContext } from './AuthorizationCheck.ts';
import type { DecisionRecord } from './DecisionLog.ts';
import type {
  FunctionCredentials,
  FunctionRegistration,
  PolicyStatement,
} from './functionIdentity.ts';
import { iamControlPrefix } from './iamControlApi.ts';
import type { Decision } from './PolicyEvaluator.ts';
import type { RefusedDelivery } from './SnsDeliveryGuard.ts';

/** A registered function as the IAM API lists it. */
export interface RegisteredFunctionView extends FunctionRegistration {
  readonly accessKeyId: string;
  /** The statements in force (an override while a test has one set). */
  readonly statements: readonly PolicyStatement[];
  /** The role's own statements, as registered. */
  readonly declaredStatements: readonly PolicyStatement[];
  readonly overridden: boolean;
}

/** The local cloud's IAM API, for the serverless plugin, tests and reports. */
export interface LocalCloudIam {
  /** True when the local cloud enforces IAM (false when it runs with `--no-iam`). */
  enforcing(): Promise<boolean>;
  /** Registers functions; answers each one's credentials. */
  registerFunctions(
    functions: readonly FunctionRegistration[],
  ): Promise<(FunctionCredentials & { functionKey: string })[]>;
  /** Every registered function with its statements. */
  functions(): Promise<RegisteredFunctionView[]>;
  /** Replaces a function's statements (for example with one statement removed) until restored. */
  overrideStatements(accessKeyId: string, statements: readonly PolicyStatement[]): Promise<void>;
  /** Puts the function's role statements back in force. */
  restoreStatements(accessKeyId: string): Promise<void>;
  /** Every decision made for functions (one function's with `accessKeyId`), counted. */
  decisions(accessKeyId?: string): Promise<DecisionRecord[]>;
  /** Forgets the decisions so far. */
  clearDecisions(): Promise<void>;
  /** How a call would be decided for a registered function. */
  simulate(request: {
    readonly accessKeyId: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: ConditionContext;
  }): Promise<Decision>;
  /** SNS deliveries that queue policies refused, per subscription. */
  refusedDeliveries(): Promise<RefusedDelivery[]>;
}

/**
 * A client of the local cloud's IAM API at `endpoint` (its SQS/SNS/S3 endpoint, such as
 * `http://127.0.0.1:4566`).
 *
 * @example
 * ```ts
 * const iam = localCloudIam(cloud.endpoints.sqs);
 * const [function_] = await iam.functions();
 * await iam.overrideStatements(function_.accessKeyId, function_.statements.slice(1));
 * ```
 */
export const localCloudIam = (endpoint: string, timeoutMs = 10_000): LocalCloudIam => {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${endpoint}${iamControlPrefix}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok || response.headers.get('x-local-cloud-iam') !== 'on') {
      throw new Error(
        `The local cloud's IAM API answered ${method} ${path} with ${String(response.status)}: ${text.slice(0, 300)}`,
      );
    }
    return JSON.parse(text) as T;
  };
  return {
    enforcing: async () => {
      try {
        const response = await fetch(`${endpoint}${iamControlPrefix}`, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        return response.ok && response.headers.get('x-local-cloud-iam') === 'on';
      } catch {
        return false;
      }
    },
    registerFunctions: async (functions) =>
      (
        await call<{ credentials: (FunctionCredentials & { functionKey: string })[] }>(
          'POST',
          '/functions',
          { functions },
        )
      ).credentials,
    functions: async () =>
      (await call<{ functions: RegisteredFunctionView[] }>('GET', '/functions')).functions,
    overrideStatements: async (accessKeyId, statements) => {
      await call('PUT', `/functions/${encodeURIComponent(accessKeyId)}/statements`, { statements });
    },
    restoreStatements: async (accessKeyId) => {
      await call('DELETE', `/functions/${encodeURIComponent(accessKeyId)}/statements`);
    },
    decisions: async (accessKeyId) =>
      (
        await call<{ decisions: DecisionRecord[] }>(
          'GET',
          `/decisions${accessKeyId === undefined ? '' : `?accessKeyId=${encodeURIComponent(accessKeyId)}`}`,
        )
      ).decisions,
    clearDecisions: async () => {
      await call('DELETE', '/decisions');
    },
    simulate: async (request) =>
      (await call<{ decision: Decision }>('POST', '/simulate', request)).decision,
    refusedDeliveries: async () =>
      (await call<{ refused: RefusedDelivery[] }>('GET', '/deliveries')).refused,
  };
};
