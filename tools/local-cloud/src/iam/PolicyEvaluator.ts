import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { ConditionContext } from './AuthorizationCheck.ts';

/** IAM's answer: allowed, or denied for want of an Allow, or by a Deny. */
export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** A decision, and why the evaluator could not decide when it could not (then denied). */
export interface Evaluation {
  readonly decision: Decision;
  readonly error?: string;
}

/** One request to evaluate. */
export interface EvaluationRequest {
  /** The caller: an assumed-role ARN, or a service principal such as `sns.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account owning the resource (S3 ARNs name none). */
  readonly resourceAccount: string;
  readonly context: ConditionContext;
}

const maxCached = 20_000;

/** A policy's text in lower case, and which context keys it names. */
interface PolicyNames {
  readonly text: string;
  readonly names: Map<string, boolean>;
}

/** Runs one simulation: `@cloud-copilot/iam-simulate`'s, or a test's. */
export type Simulate = (simulation: Simulation) => ReturnType<typeof runSimulation>;

/**
 * Evaluates requests against IAM policies with `@cloud-copilot/iam-simulate` (identity policies,
 * resource policies, every condition operator, same-account rules), and remembers each answer:
 * the same function making the same call again costs a map lookup. Evaluations are keyed by a
 * caller-chosen scope (a function's key and policy version, or a queue policy's text), so a
 * changed policy is evaluated afresh.
 *
 * Only the context keys the policy names take part in the key. A key that no condition and no
 * policy variable names cannot change the decision, and some change at every order: SES's
 * `ses:Recipients` made each mail a new evaluation, 0.7–0.9 ms of the local cloud's thread.
 */
export class PolicyEvaluator {
  readonly #cache = new Map<string, Promise<Evaluation>>();
  /**
   * Per scope, the policy's text in lower case (condition keys are case-insensitive) and, per
   * context key met so far, whether the text names it: a cache hit then reads no text.
   */
  readonly #policies = new Map<string, PolicyNames>();
  readonly #simulate: Simulate;

  constructor(simulate: Simulate = (simulation) => runSimulation(simulation, {})) {
    this.#simulate = simulate;
  }

  /** Evaluates `request` against the caller's identity policy (`statements`). */
  evaluateIdentity(
    scope: string,
    statements: readonly unknown[],
    request: EvaluationRequest,
  ): Promise<Evaluation> {
    return this.#cached(
      `id\u0000${scope}`,
      () => JSON.stringify(statements),
      request,
      () => ({
        identityPolicies: [
          { name: 'role', policy: { Version: '2012-10-17', Statement: statements } },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        request: this.#request(request),
      }),
    );
  }

  /** Evaluates `request` against a resource policy alone (a service principal has no identity policy). */
  evaluateResourcePolicy(
    policy: unknown,
    policyText: string,
    request: EvaluationRequest,
  ): Promise<Evaluation> {
    return this.#cached(
      `resource\u0000${policyText}`,
      () => policyText,
      request,
      () => ({
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policy,
        request: this.#request(request),
      }),
    );
  }

  #request(request: EvaluationRequest): Simulation['request'] {
    return {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: Object.fromEntries(
        Object.entries(request.context).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : [...value],
        ]),
      ),
    };
  }

  #cached(
    scope: string,
    policyText: () => string,
    request: EvaluationRequest,
    simulation: () => Simulation,
  ): Promise<Evaluation> {
    let policy = this.#policies.get(scope);
    if (policy === undefined) {
      policy = { text: policyText().toLowerCase(), names: new Map() };
      this.#policies.set(scope, policy);
    }
    const { text, names } = policy;
    const named = Object.entries(request.context).filter(([name]) => {
      const known = names.get(name);
      if (known !== undefined) return known;
      const found = text.includes(name.toLowerCase());
      names.set(name, found);
      return found;
    });
    const key = [
      scope,
      request.principal,
      request.action,
      request.resource,
      request.resourceAccount,
      JSON.stringify(named),
    ].join('\u0000');
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    if (this.#cache.size >= maxCached) {
      this.#cache.clear();
      this.#policies.clear();
    }
    const evaluation = evaluate(this.#simulate, simulation());
    this.#cache.set(key, evaluation);
    return evaluation;
  }
}

const evaluate = async (simulate: Simulate, simulation: Simulation): Promise<Evaluation> => {
  try {
    const result = await simulate(simulation);
    if (result.resultType === 'error') {
      return { decision: 'ImplicitlyDenied', error: result.errors.message };
    }
    return { decision: result.overallResult };
  } catch (error) {
    return {
      decision: 'ImplicitlyDenied',
      error: error instanceof Error ? error.message : String(error),
    };
  }
};
