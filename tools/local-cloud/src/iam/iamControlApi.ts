import type { HttpAnswer } from './awsErrorAnswer.ts';
import { type BufferedRequest, queryValue } from './BufferedRequest.ts';
import type { FunctionRegistration, PolicyStatement } from './functionIdentity.ts';
import type { IamEnforcer } from './IamEnforcer.ts';
import type { SnsDeliveryGuard } from './SnsDeliveryGuard.ts';

/** Path prefix of the local cloud's own IAM API, on the SQS/SNS/S3 port (no bucket name starts with `_`). */
export const iamControlPrefix = '/_local-cloud/iam';

const json = (status: number, value: unknown): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json', 'x-local-cloud-iam': 'on' },
  body: JSON.stringify(value),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isRegistration = (value: unknown): value is FunctionRegistration =>
  isRecord(value) &&
  ['service', 'stage', 'functionKey', 'functionName', 'roleName'].every((key) => {
    const field = value[key];
    // A slash would break the access key id in a signature's credential scope.
    return typeof field === 'string' && field !== '' && !field.includes('/');
  }) &&
  Array.isArray(value['statements']) &&
  value['statements'].every(isRecord);

const isStatements = (value: unknown): value is PolicyStatement[] =>
  Array.isArray(value) && value.every(isRecord);

/**
 * Answers the IAM API of the local cloud (loopback only, unauthenticated like everything local):
 *
 * - `GET  /_local-cloud/iam`: `{ enforcing: true }` (a local cloud without enforcement answers no such JSON)
 * - `POST /_local-cloud/iam/functions` `{ functions: FunctionRegistration[] }`: registers them;
 *   answers `{ credentials: [{ functionKey, accessKeyId, secretAccessKey }] }`
 * - `GET  /_local-cloud/iam/functions`: every function, its statements in force and notes
 * - `PUT  /_local-cloud/iam/functions/<accessKeyId>/statements` `{ statements }`: replaces them
 *   (a test taking a permission away); `DELETE` the same path puts the role's back
 * - `GET  /_local-cloud/iam/decisions[?accessKeyId=]`, `DELETE` to clear: every decision, counted
 * - `POST /_local-cloud/iam/simulate` `{ accessKeyId, action, resource, context? }`: `{ decision }`
 * - `GET  /_local-cloud/iam/deliveries`: SNS deliveries refused by queue policies
 */
export const answerIamControlRequest = async (
  request: BufferedRequest,
  enforcer: IamEnforcer,
  guard: SnsDeliveryGuard,
): Promise<HttpAnswer> => {
  const path = request.rawPath.slice(iamControlPrefix.length).replace(/\/+$/, '');
  const method = request.method.toUpperCase();
  let body: unknown;
  try {
    body = request.body.length === 0 ? {} : (JSON.parse(request.body.toString('utf8')) as unknown);
  } catch {
    return json(400, { message: 'The body is not JSON.' });
  }
  if (path === '' && method === 'GET') return json(200, { enforcing: true });
  if (path === '/functions' && method === 'POST') {
    const functions = isRecord(body) ? body['functions'] : undefined;
    if (!Array.isArray(functions) || !functions.every(isRegistration)) {
      return json(400, {
        message:
          'Expected { functions: [{ service, stage, functionKey, functionName, roleName, statements: [...] }] }.',
      });
    }
    return json(200, { credentials: enforcer.registry.register(functions) });
  }
  if (path === '/functions' && method === 'GET') {
    return json(200, {
      functions: enforcer.registry.list().map((entry) => ({
        accessKeyId: entry.credentials.accessKeyId,
        ...entry.registration,
        statements: entry.statements,
        declaredStatements: entry.registration.statements,
        overridden: entry.overridden,
      })),
    });
  }
  const statementsPath = /^\/functions\/([^/]+)\/statements$/.exec(path);
  if (statementsPath !== null) {
    const accessKeyId = decodeURIComponent(statementsPath[1] ?? '');
    if (method === 'PUT') {
      const statements = isRecord(body) ? body['statements'] : undefined;
      if (!isStatements(statements))
        return json(400, { message: 'Expected { statements: [...] }.' });
      enforcer.registry.setOverride(accessKeyId, statements);
      return json(200, { accessKeyId, overridden: true });
    }
    if (method === 'DELETE') {
      enforcer.registry.clearOverride(accessKeyId);
      return json(200, { accessKeyId, overridden: false });
    }
  }
  if (path === '/decisions' && method === 'GET') {
    return json(200, { decisions: enforcer.decisions.list(queryValue(request, 'accessKeyId')) });
  }
  if (path === '/decisions' && method === 'DELETE') {
    enforcer.decisions.clear();
    return json(200, { cleared: true });
  }
  if (path === '/simulate' && method === 'POST' && isRecord(body)) {
    const { accessKeyId, action, resource, context } = body;
    if (
      typeof accessKeyId !== 'string' ||
      typeof action !== 'string' ||
      typeof resource !== 'string'
    ) {
      return json(400, { message: 'Expected { accessKeyId, action, resource, context? }.' });
    }
    const decision = await enforcer.simulate(
      accessKeyId,
      action,
      resource,
      isRecord(context) ? (context as Record<string, string | string[]>) : {},
    );
    return decision === undefined
      ? json(404, { message: `No function is registered with ${accessKeyId}.` })
      : json(200, { decision });
  }
  if (path === '/deliveries' && method === 'GET') {
    return json(200, { refused: guard.refused() });
  }
  return json(404, {
    message: `No ${method} ${iamControlPrefix}${path} in the local cloud's IAM API.`,
  });
};
