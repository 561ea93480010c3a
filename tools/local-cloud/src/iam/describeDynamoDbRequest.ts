import type { AuthorizationCheck, DescribedRequest } from './AuthorizationCheck.ts';
import { type ArnScope, tableArn } from './arns.ts';

const accountWide = new Set([
  'ListTables',
  'DescribeLimits',
  'DescribeEndpoints',
  'ListBackups',
  'ListGlobalTables',
  'ListExports',
  'ListImports',
]);

// Each item of a transaction is authorised as its own single-item action.
const transactItemAction: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Condition keys DynamoDB sets from the request (`dynamodb:LeadingKeys` needs the key schema: not set). */
const contextOf = (input: Readonly<Record<string, unknown>>): Record<string, string> => {
  const context: Record<string, string> = {};
  const returnValues = text(input['ReturnValues']);
  const select = text(input['Select']);
  if (returnValues !== undefined) context['dynamodb:ReturnValues'] = returnValues;
  if (select !== undefined) context['dynamodb:Select'] = select;
  return context;
};

const unique = (checks: AuthorizationCheck[]): AuthorizationCheck[] => {
  const seen = new Set<string>();
  return checks.filter((check) => {
    const key = `${check.action ?? ''} ${check.resources.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * What a DynamoDB call (`X-Amz-Target: DynamoDB_20120810.<Operation>`) needs: the action on each
 * table (or index) it touches. Batch calls need their action on every table; a transaction needs
 * each item's own action (`PutItem`, `UpdateItem`, ...), as AWS authorises them.
 */
export const describeDynamoDbRequest = (
  target: string,
  body: unknown,
  scope: ArnScope,
): DescribedRequest => {
  const operation = target.slice(target.indexOf('.') + 1);
  const input = isRecord(body) ? body : {};
  const context = contextOf(input);
  const one = (action: string, resource: string | undefined): AuthorizationCheck => ({
    action: resource === undefined ? undefined : action,
    resources: resource === undefined ? [] : [resource],
    context,
  });
  if (accountWide.has(operation)) {
    return { operation, checks: [one(`dynamodb:${operation}`, '*')] };
  }
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    const tables = isRecord(input['RequestItems']) ? Object.keys(input['RequestItems']) : [];
    return {
      operation,
      checks:
        tables.length === 0
          ? [one(`dynamodb:${operation}`, undefined)]
          : tables.map((table) => one(`dynamodb:${operation}`, tableArn(table, scope))),
    };
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = Array.isArray(input['TransactItems'])
      ? (input['TransactItems'] as unknown[])
      : [];
    const checks = items.flatMap((item) => {
      if (!isRecord(item)) return [];
      return Object.entries(item).flatMap(([kind, detail]) => {
        const action = transactItemAction[kind];
        const table = isRecord(detail) ? text(detail['TableName']) : undefined;
        return action === undefined
          ? [one(`dynamodb:${kind}`, undefined)]
          : [one(`dynamodb:${action}`, table === undefined ? undefined : tableArn(table, scope))];
      });
    });
    return {
      operation,
      checks: checks.length === 0 ? [one(`dynamodb:${operation}`, undefined)] : unique(checks),
    };
  }
  const table = text(input['TableName']) ?? text(input['ResourceArn']);
  const index = text(input['IndexName']);
  return {
    operation,
    checks: [
      one(`dynamodb:${operation}`, table === undefined ? undefined : tableArn(table, scope, index)),
    ],
  };
};
