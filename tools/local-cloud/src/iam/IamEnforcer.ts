import { randomUUID } from 'node:crypto';
import { localAccountId, localRegion } from '../localAccount.ts';
import type { AuthorizationCheck, DescribedRequest } from './AuthorizationCheck.ts';
import type { ArnScope } from './arns.ts';
import { type AwsApi, awsErrorAnswer, type HttpAnswer, Refusal } from './awsErrorAnswer.ts';
import { type BufferedRequest, jsonBody, queryValue } from './BufferedRequest.ts';
import { DecisionLog } from './DecisionLog.ts';
import { describeDynamoDbRequest } from './describeDynamoDbRequest.ts';
import { describeS3Request } from './describeS3Request.ts';
import { describeSesRequest } from './describeSesRequest.ts';
import { describeSnsRequest } from './describeSnsRequest.ts';
import { describeSqsRequest } from './describeSqsRequest.ts';
import {
  functionPrincipalArn,
  isFunctionAccessKeyId,
  localSharedSecret,
} from './functionIdentity.ts';
import type { FunctionRegistry, RegisteredFunction } from './FunctionRegistry.ts';
import type { Decision, PolicyEvaluator } from './PolicyEvaluator.ts';
import {
  payloadHashMatches,
  readSigV4,
  type SigV4Signature,
  sigV4Limits,
  signatureMatches,
} from './sigV4.ts';

/** Forward the request to the service, or answer it here. */
export type Verdict =
  { readonly kind: 'forward' } | { readonly kind: 'answer'; readonly answer: HttpAnswer };

const forward: Verdict = { kind: 'forward' };

const answer = (value: HttpAnswer): Verdict => ({ kind: 'answer', answer: value });

/** The reason part of AWS's denial message. */
const because = (decision: Decision, action: string): string =>
  decision === 'ExplicitlyDenied'
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${action} action`;

/** AWS's wording of a denial, per API. */
const denialMessage = (
  api: AwsApi,
  principal: string,
  action: string,
  resource: string,
  decision: Decision,
): string => {
  switch (api) {
    case 'sesV2':
    case 'sesV1':
      return `User \`${principal}' is not authorized to perform \`${action}' on resource \`${resource}'`;
    case 'sns': {
      const shown = action.replace(/^sns:/, 'SNS:');
      return `User: ${principal} is not authorized to perform: ${shown} on resource: ${resource} ${because(decision, shown)}`;
    }
    case 's3':
      return `User: ${principal} is not authorized to perform: ${action} on resource: "${resource}" ${because(decision, action)}`;
    default:
      return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${because(decision, action)}`;
  }
};

const unknownKeyMessage = (api: AwsApi): string =>
  api === 's3'
    ? 'The AWS Access Key Id you provided does not exist in our records.'
    : 'The security token included in the request is invalid.';

/** Options of an `IamEnforcer`. */
export interface IamEnforcerOptions {
  readonly registry: FunctionRegistry;
  readonly evaluator: PolicyEvaluator;
  readonly decisions?: DecisionLog;
  /** Receives one line per refused call (each distinct refusal at most once a minute). */
  readonly log?: (line: string) => void;
  /** The clock, for expiry and skew (tests). */
  readonly now?: () => number;
}

/**
 * Decides each AWS API request the local cloud receives: reads its SigV4 signature, finds the
 * function that signed it, checks the signature with that function's secret, and evaluates the
 * call against the function's IAM statements. Requests signed with credentials that are not a
 * function's act as an administrator, as the local cloud always let them; an unsigned API call
 * (or S3 request) is refused, as AWS refuses it.
 */
export class IamEnforcer {
  readonly registry: FunctionRegistry;
  readonly decisions: DecisionLog;
  readonly #evaluator: PolicyEvaluator;
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #lastLogged = new Map<string, number>();

  constructor(options: IamEnforcerOptions) {
    this.registry = options.registry;
    this.#evaluator = options.evaluator;
    this.decisions = options.decisions ?? new DecisionLog();
    this.#log = options.log ?? (() => undefined);
    this.#now = options.now ?? Date.now;
  }

  /** Decides one request to `api`. */
  async decide(api: AwsApi, request: BufferedRequest): Promise<Verdict> {
    const refuse = (
      refusal: Refusal,
      message: string,
      extra?: Readonly<Record<string, string>>,
    ): Verdict =>
      answer(
        awsErrorAnswer(api, refusal, message, {
          method: request.method,
          ...(extra === undefined ? {} : { extra }),
        }),
      );
    const signature = readSigV4(request);
    if (signature === undefined) {
      return refuse(
        Refusal.missingAuthentication,
        api === 's3' ? 'Access Denied' : 'Request is missing Authentication Token',
      );
    }
    if ('malformed' in signature) {
      return refuse(Refusal.malformed, `The signature cannot be read: ${signature.malformed}.`);
    }
    const caller = this.registry.lookup(signature.accessKeyId);
    if (caller === undefined) {
      if (isFunctionAccessKeyId(signature.accessKeyId)) {
        this.#note(
          // After an in-memory restart this is expected until npm start has restarted the
          // services; only a service run alone needs the operator.
          `refused ${signature.accessKeyId}: no function registered with this key (a service registers its functions as it starts: npm start restarts every service after an in-memory local cloud restart; a service run alone, restart it)`,
        );
        return refuse(Refusal.unknownKey, unknownKeyMessage(api));
      }
      // An administrator's own script or test: only a presigned URL is checked, as it stands alone.
      return signature.presigned
        ? (this.#checkPresigned(request, signature, localSharedSecret, refuse, true) ?? forward)
        : forward;
    }
    const timing = signature.presigned
      ? this.#checkPresigned(request, signature, caller.credentials.secretAccessKey, refuse, false)
      : this.#checkSigned(request, signature, caller.credentials.secretAccessKey, refuse);
    if (timing !== undefined) return timing;
    return this.#authorize(api, request, signature, caller, refuse);
  }

  #checkSigned(
    request: BufferedRequest,
    signature: SigV4Signature,
    secret: string,
    refuse: (refusal: Refusal, message: string) => Verdict,
  ): Verdict | undefined {
    if (Math.abs(this.#now() - signature.signedAt.getTime()) > sigV4Limits.maxSkewMs) {
      return refuse(
        Refusal.skewed,
        `Signature expired: ${signature.amzDate} is now earlier or later than 15 minutes from the local cloud's time.`,
      );
    }
    if (!payloadHashMatches(request)) {
      return refuse(
        Refusal.payloadMismatch,
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    if (!signatureMatches(request, signature, secret)) {
      return refuse(
        Refusal.signatureMismatch,
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    }
    return undefined;
  }

  #checkPresigned(
    request: BufferedRequest,
    signature: SigV4Signature,
    secret: string,
    refuse: (
      refusal: Refusal,
      message: string,
      extra?: Readonly<Record<string, string>>,
    ) => Verdict,
    sharedSecret: boolean,
  ): Verdict | undefined {
    const expires = signature.expiresSeconds ?? 0;
    if (expires > sigV4Limits.maxExpiresSeconds) {
      return refuse(
        Refusal.malformed,
        'X-Amz-Expires must be less than a week (in seconds) that is 604800',
      );
    }
    const expiresAt = signature.signedAt.getTime() + expires * 1000;
    if (this.#now() > expiresAt) {
      return refuse(Refusal.expired, 'Request has expired', {
        'X-Amz-Expires': String(expires),
        Expires: new Date(expiresAt).toISOString(),
        ServerTime: new Date(this.#now()).toISOString(),
      });
    }
    if (!signatureMatches(request, signature, secret)) {
      return refuse(
        Refusal.signatureMismatch,
        sharedSecret
          ? `The request signature we calculated does not match the signature you provided. A URL presigned with credentials the local cloud does not know is checked against the local shared secret "${localSharedSecret}".`
          : 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    return undefined;
  }

  async #authorize(
    api: AwsApi,
    request: BufferedRequest,
    signature: SigV4Signature,
    caller: RegisteredFunction,
    refuse: (refusal: Refusal, message: string) => Verdict,
  ): Promise<Verdict> {
    const { registration } = caller;
    const scope: ArnScope = { accountId: localAccountId, region: signature.region || localRegion };
    const principal = functionPrincipalArn(registration, localAccountId);
    if (api === 'sts') {
      return answer(
        callerIdentityAnswer(registration.roleName, registration.functionName, principal),
      );
    }
    const described = describe(api, request, scope);
    const globalContext: Record<string, string> = {
      'aws:PrincipalArn': `arn:aws:iam::${localAccountId}:role/${registration.roleName}`,
      'aws:PrincipalAccount': localAccountId,
      'aws:RequestedRegion': scope.region,
      // Functions reach AWS over HTTPS; the local cloud's plain HTTP is not the point here.
      'aws:SecureTransport': 'true',
      ...(api === 's3'
        ? {
            's3:authType': signature.presigned ? 'REST-QUERY-STRING' : 'REST-HEADER',
            's3:signatureversion': 'AWS4-HMAC-SHA256',
          }
        : {}),
    };
    for (const check of described.checks) {
      const outcome = await this.#evaluateCheck(check, caller, principal, globalContext);
      const action = check.action ?? `${api}:${described.operation}`;
      this.decisions.record({
        accessKeyId: caller.credentials.accessKeyId,
        service: registration.service,
        functionKey: registration.functionKey,
        functionName: registration.functionName,
        action,
        resource: outcome.resource,
        decision: outcome.decision,
      });
      if (outcome.decision !== 'Allowed') {
        const message =
          check.action === undefined
            ? `The local cloud does not know which IAM action ${described.operation} needs, so a function may not call it (an administrator's credentials may).`
            : denialMessage(api, principal, check.action, outcome.resource, outcome.decision);
        this.#note(
          `denied ${action} on ${outcome.resource} to ${registration.functionName} (${outcome.decision}${outcome.error === undefined ? '' : `: ${outcome.error}`})`,
        );
        return refuse(Refusal.accessDenied, message);
      }
    }
    return forward;
  }

  async #evaluateCheck(
    check: AuthorizationCheck,
    caller: RegisteredFunction,
    principal: string,
    globalContext: Readonly<Record<string, string>>,
  ): Promise<{ decision: Decision; resource: string; error?: string }> {
    const [first = '*'] = check.resources;
    if (check.action === undefined || check.resources.length === 0) {
      return { decision: 'ImplicitlyDenied', resource: first };
    }
    let denial: { decision: Decision; resource: string; error?: string } | undefined;
    for (const resource of check.resources) {
      const evaluation = await this.#evaluator.evaluateIdentity(
        `${caller.credentials.accessKeyId}#${String(caller.version)}`,
        caller.statements,
        {
          principal,
          action: check.action,
          resource,
          resourceAccount: localAccountId,
          context: { ...globalContext, ...check.context },
        },
      );
      if (evaluation.decision === 'Allowed') return { decision: 'Allowed', resource };
      // The first explicit deny decides; otherwise report the first resource.
      if (
        denial === undefined ||
        (evaluation.decision === 'ExplicitlyDenied' && denial.decision !== 'ExplicitlyDenied')
      ) {
        denial = {
          decision: evaluation.decision,
          resource,
          ...(evaluation.error === undefined ? {} : { error: evaluation.error }),
        };
      }
    }
    return denial ?? { decision: 'ImplicitlyDenied', resource: first };
  }

  /** What the registered function `accessKeyId` may do, as a call would be decided. */
  async simulate(
    accessKeyId: string,
    action: string,
    resource: string,
    context: Readonly<Record<string, string | readonly string[]>> = {},
  ): Promise<Decision | undefined> {
    const caller = this.registry.lookup(accessKeyId);
    if (caller === undefined) return undefined;
    const principal = functionPrincipalArn(caller.registration, localAccountId);
    const outcome = await this.#evaluateCheck(
      { action, resources: [resource], context },
      caller,
      principal,
      {
        'aws:PrincipalArn': `arn:aws:iam::${localAccountId}:role/${caller.registration.roleName}`,
        'aws:PrincipalAccount': localAccountId,
        'aws:RequestedRegion': localRegion,
        'aws:SecureTransport': 'true',
      },
    );
    return outcome.decision;
  }

  #note(line: string): void {
    const now = this.#now();
    const last = this.#lastLogged.get(line);
    if (last !== undefined && now - last < 60_000) return;
    if (this.#lastLogged.size > 10_000) this.#lastLogged.clear();
    this.#lastLogged.set(line, now);
    this.#log(`iam: ${line}`);
  }
}

const describe = (api: AwsApi, request: BufferedRequest, scope: ArnScope): DescribedRequest => {
  switch (api) {
    case 'sqs':
      return describeSqsRequest(request.headers['x-amz-target'] ?? '', jsonBody(request), scope);
    case 'dynamodb':
      return describeDynamoDbRequest(
        request.headers['x-amz-target'] ?? '',
        jsonBody(request),
        scope,
      );
    case 'sns':
      return describeSnsRequest(formParams(request), scope);
    case 's3':
      return describeS3Request(request);
    case 'sesV1':
    case 'sesV2':
      return describeSesRequest(request, scope);
    case 'sts':
      return { operation: 'GetCallerIdentity', checks: [] };
  }
};

/** The parameters of a query-protocol request: form body, else the query string. */
export const formParams = (request: BufferedRequest): Map<string, string> => {
  const params = new Map<string, string>(request.query);
  for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) {
    params.set(key, value);
  }
  return params;
};

/** STS GetCallerIdentity for a function: its role session, as Lambda's credentials answer it. */
const callerIdentityAnswer = (roleName: string, functionName: string, arn: string): HttpAnswer => ({
  status: 200,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
  body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROALOCAL${roleName
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toUpperCase()}:${functionName}</UserId><Account>${localAccountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
});

/** Whether a query-protocol request on the fauxqs port is STS (GetCallerIdentity), not SNS. */
export const isStsRequest = (request: BufferedRequest): boolean =>
  formParams(request).get('Action') === 'GetCallerIdentity' ||
  queryValue(request, 'Action') === 'GetCallerIdentity';
