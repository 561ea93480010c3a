import {
  isCollection,
  isMap,
  isNode,
  isScalar,
  parseDocument,
  type Document,
  Scalar,
  visit,
  YAMLMap,
} from 'yaml';
import { GeneratorError } from './GeneratorError.ts';

/** What a consumer function needs in its service's serverless.yml. */
export interface ConsumerFunction {
  /** Its key under `functions`, as topology.json's `function` names it. */
  readonly functionKey: string;
  /** The topology queue it consumes, for the comment above it. */
  readonly queueKey: string;
  /** That queue's `maximumConcurrency`, which the function reserves. */
  readonly maximumConcurrency: number;
}

// The shared parts every service includes from services/serverless.base.yml.
const IDEMPOTENCY_STATEMENT = '${file(../serverless.base.yml):idempotencyStatement}';
const IDEMPOTENCY_TABLE = '${file(../serverless.base.yml):idempotencyTable}';

const parse = (text: string, path: string): Document => {
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error !== undefined) throw new GeneratorError(`${path}: ${error.message}`);
  keepKeyLineComments(doc, text);
  return doc;
};

/**
 * The yaml library reads a comment on a key's line (`extensions: # why`) as the first comment
 * before the key's block value, and prints it on a line of its own. This gives it back to the
 * key, which prints it where it was written.
 */
const keepKeyLineComments = (doc: Document, text: string): void => {
  visit(doc, {
    Pair(_, pair) {
      const { key, value } = pair;
      if (!isNode(key) || !isCollection(value) || value.flow === true) return;
      const [firstLine, ...rest] = value.commentBefore?.split('\n') ?? [];
      const keyEnd = key.range?.[1];
      const valueStart = value.range?.[0];
      if (firstLine === undefined || keyEnd === undefined || valueStart === undefined) return;
      const between = text.slice(keyEnd, valueStart);
      const hash = between.indexOf('#');
      if (hash === -1 || between.slice(0, hash).includes('\n')) return;
      key.comment = firstLine;
      value.commentBefore = rest.length === 0 ? null : rest.join('\n');
    },
  });
};

// `!Ref`, `!GetAtt` and `${...}` stay as written; only the new nodes are added.
const print = (doc: Document): string =>
  doc.toString({ lineWidth: 0, flowCollectionPadding: false });

/**
 * The stack's service name, its top-level `service` (`conveyor-marketing`): the first part of
 * every name the framework and its plugins derive, IAM roles among them.
 *
 * @throws GeneratorError when it has none.
 */
export const serviceNameOf = (text: string, path: string): string => {
  const service: unknown = parse(text, path).get('service');
  if (typeof service !== 'string' || service === '') {
    throw new GeneratorError(`${path} has no top-level service name`);
  }
  return service;
};

/**
 * The service name a serverless.yml gives the topology plugin (`custom.topology.service`).
 *
 * @throws GeneratorError when it has none.
 */
export const topologyServiceOf = (text: string, path: string): string => {
  const service: unknown = parse(text, path).getIn(['custom', 'topology', 'service']);
  if (typeof service !== 'string' || service === '') {
    throw new GeneratorError(
      `${path} has no custom.topology.service: the topology plugin would not know the service`,
    );
  }
  return service;
};

/**
 * Adds a consuming function to a service's serverless.yml, comments and layout kept: its handler,
 * its reserved concurrency (its queue's `maximumConcurrency`, as the stack checks'
 * `event-source-concurrency` rule asks), the consumer timeout of the service's `params` (the
 * queue's visibility is 6 × that), and what
 * its eventId records take: `IDEMPOTENCY_TABLE` in its own environment and the idempotency
 * statement. Its `sqs` event and queue permissions come from the topology plugin, so none is
 * written. Adds the shared idempotency table when the service has none (a service whose
 * consumers are idempotent by their own writes keeps no table).
 *
 * @throws GeneratorError when the function exists, or the file has no `consumerTimeout` param.
 */
export const addConsumerFunction = (
  text: string,
  path: string,
  { functionKey, queueKey, maximumConcurrency }: ConsumerFunction,
): string => {
  const doc = parse(text, path);
  if (doc.hasIn(['functions', functionKey])) {
    throw new GeneratorError(`${path} already has a function ${functionKey}`);
  }
  const params = doc.get('params');
  const hasTimeout =
    isMap(params) &&
    params.items.some((stage) => isMap(stage.value) && stage.value.has('consumerTimeout'));
  if (!hasTimeout) {
    throw new GeneratorError(
      `${path} has no params.<stage>.consumerTimeout, which the consumer's timeout (and its queue's visibility) is taken from`,
    );
  }
  const tableRef = new Scalar('IdempotencyTable');
  tableRef.tag = '!Ref';
  // Reserved so other functions cannot take the instances its event source starts, and no more
  // than those, or Lambda would throttle them back into the queue (services/README.md, Bulkheads).
  const reserved = doc.createNode(maximumConcurrency);
  reserved.comment = " = its queue's maximumConcurrency (services/README.md, Bulkheads)";
  const fn = doc.createNode({
    handler: `src/handlers/${functionKey}.handler`,
    reservedConcurrency: reserved,
    timeout: '${param:consumerTimeout}',
    environment: { IDEMPOTENCY_TABLE: tableRef },
    iamRoleStatements: [IDEMPOTENCY_STATEMENT],
  });
  const key = doc.createNode(functionKey);
  key.commentBefore = ` Its sqs event and queue permissions come from the topology (${queueKey}).`;
  const existing = doc.get('functions');
  const functions = isMap(existing) ? existing : new YAMLMap();
  if (functions !== existing) doc.set('functions', functions);
  functions.add(doc.createPair(key, fn));
  // Resources kept in a file of their own get the table there (addIdempotencyTable).
  if (
    resourcesFileOf(text, path) === undefined &&
    !doc.hasIn(['resources', 'Resources', 'IdempotencyTable'])
  ) {
    doc.setIn(['resources', 'Resources', 'IdempotencyTable'], IDEMPOTENCY_TABLE);
  }
  return print(doc);
};

/**
 * The file a serverless.yml takes its `resources` from, as `resources: ${file(./resources.yml)}`
 * names it, relative to the service's folder; undefined when they are written inline (or absent).
 *
 * @throws GeneratorError when `resources` is another variable, which a generator cannot follow.
 */
export const resourcesFileOf = (text: string, path: string): string | undefined => {
  const resources: unknown = parse(text, path).get('resources');
  if (resources === undefined || resources === null || isMap(resources)) return undefined;
  const file =
    typeof resources === 'string' ? /^\$\{file\((?:\.\/)?([^):]+)\)\}$/.exec(resources) : null;
  if (file?.[1] === undefined) {
    throw new GeneratorError(
      `${path}: resources must be written inline or be \${file(./<file>.yml)}, not ${JSON.stringify(resources)}`,
    );
  }
  return file[1];
};

/**
 * Adds the shared idempotency table to a resources file (`Resources:` at its top), comments and
 * layout kept, unless it has one.
 */
export const addIdempotencyTable = (text: string, path: string): string => {
  const doc = parse(text, path);
  if (doc.hasIn(['Resources', 'IdempotencyTable'])) return text;
  doc.setIn(['Resources', 'IdempotencyTable'], IDEMPOTENCY_TABLE);
  return print(doc);
};

/**
 * The keys under `functions` of a serverless.yml.
 */
export const functionKeysOf = (text: string, path: string): string[] => {
  const functions = parse(text, path).get('functions');
  if (!isMap(functions)) return [];
  return functions.items.flatMap((item) =>
    isScalar(item.key) && typeof item.key.value === 'string' ? [item.key.value] : [],
  );
};
