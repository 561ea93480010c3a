import { GeneratorError } from './GeneratorError.ts';
import { pascalCase } from './names.ts';

/** What a consumer's builder in the composition root needs. */
export interface ConsumerDeps {
  /** The consuming function, such as `onOrderAuditInbox`. */
  readonly functionKey: string;
  /** Its idempotency key prefix, `<service>.<function>`. */
  readonly idempotencyPrefix: string;
  /** The domain function its handler calls, such as `handleOrderAuditInboxEvent`. */
  readonly domainFunction: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const allImports = (source: string) => [...source.matchAll(/^import [^;]+? from '([^']+)';$/gms)];

/**
 * Adds `name` to an existing `import {…}` (or `import type {…}`) from `module`, in order: the
 * source unchanged when the import already names it, undefined when there is no such import.
 */
const addToImport = (
  source: string,
  name: string,
  module: string,
  keyword: 'import' | 'import type',
): string | undefined => {
  const existing = new RegExp(`${keyword} \\{([^}]*)\\} from '${escape(module)}';`).exec(source);
  if (existing === null) return undefined;
  const names = (existing[1] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (names.includes(name)) return source;
  const sorted = [...names, name].sort((a, b) =>
    a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''), 'en', { sensitivity: 'base' }),
  );
  return source.replace(existing[0], `${keyword} { ${sorted.join(', ')} } from '${module}';`);
};

/** Inserts `line` after the last import, or at the top. */
const afterLastImport = (source: string, line: string): string => {
  const last = allImports(source).at(-1);
  const at = last === undefined ? 0 : last.index + last[0].length + 1;
  return `${source.slice(0, at)}${line}${source.slice(at)}`;
};

/**
 * Adds `name` to the named imports from `module`, or a new import in its place among the others.
 *
 * @example
 * ```ts
 * ensureNamedImport("import { a } from 'm';\n", 'b', 'm'); // "import { a, b } from 'm';\n"
 * ```
 */
export const ensureNamedImport = (source: string, name: string, module: string): string => {
  const added = addToImport(source, name, module, 'import');
  if (added !== undefined) return added;
  // Among the package imports in order (node: ones first, relative ones last), as the services have them.
  const next = allImports(source).find(([, from = '']) => {
    if (from.startsWith('node:')) return false;
    return from.startsWith('.') || from.localeCompare(module) > 0;
  });
  const line = `import { ${name} } from '${module}';\n`;
  if (next === undefined) return afterLastImport(source, line);
  return `${source.slice(0, next.index)}${line}${source.slice(next.index)}`;
};

/**
 * Adds a type-only import of `name` from `module` after the last import, unless one is there.
 *
 * @example
 * ```ts
 * ensureTypeImport("import { a } from 'm';\n", 'T', './t.ts');
 * // "import { a } from 'm';\nimport type { T } from './t.ts';\n"
 * ```
 */
export const ensureTypeImport = (source: string, name: string, module: string): string =>
  addToImport(source, name, module, 'import type') ??
  afterLastImport(source, `import type { ${name} } from '${module}';\n`);

/**
 * Adds a consumer's builder to a service's composition root, in the shape the services use: one
 * builder per function, reached only from its handler, on top of the shared `commonDeps()` (of
 * which it takes only the logger and the tracer), exported as `<function>Deps()` with its type. It
 * gives the consumer its logger and tracer, a traced SQS client, idempotency on `eventId` under
 * its own key prefix, in the table its own environment names, and its domain function's ports:
 * nothing else of the service's config or clients, which differ from one service to the next.
 *
 * @throws GeneratorError when the file has no `commonDeps` giving a logger and a tracer, or
 * already builds the function's deps.
 */
export const addConsumerDeps = (
  source: string,
  path: string,
  { functionKey, idempotencyPrefix, domainFunction }: ConsumerDeps,
): string => {
  const depsFunction = `${functionKey}Deps`;
  if (
    !/const commonDeps = /.test(source) ||
    !/\blogger\b/.test(source) ||
    !/\btracer\b/.test(source)
  ) {
    throw new GeneratorError(
      `${path} has no commonDeps() giving logger and tracer, on which a generated consumer's builder stands (see any service's composition root)`,
    );
  }
  if (new RegExp(`export const ${depsFunction}\\b`).test(source)) {
    throw new GeneratorError(`${path} already exports ${depsFunction}`);
  }
  const builder = `build${pascalCase(functionKey)}`;
  const type = `${pascalCase(functionKey)}Deps`;
  let updated = ensureNamedImport(source, 'DynamoDBClient', '@aws-sdk/client-dynamodb');
  updated = ensureNamedImport(updated, 'SQSClient', '@aws-sdk/client-sqs');
  updated = ensureNamedImport(updated, 'idempotencyTableOf', '@conveyor/lambda-toolkit');
  updated = ensureNamedImport(updated, 'makeEventIdempotency', '@conveyor/lambda-toolkit');
  const domainDeps = `${domainFunction}Deps`;
  const domainDepsType = pascalCase(domainDeps);
  updated = ensureTypeImport(updated, domainDepsType, `./domain/${domainFunction}.ts`);
  return `${updated.trimEnd()}

const ${builder} = () => {
  const { logger, tracer } = commonDeps();
  const ${domainDeps}: ${domainDepsType} = { now: () => new Date() };
  return {
    logger,
    tracer,
    sqs: tracer.captureAWSv3Client(new SQSClient({})),
    // Its eventId records, in the table its own environment names (serverless.yml).
    eventIdempotency: makeEventIdempotency({
      tableName: idempotencyTableOf(process.env),
      client: tracer.captureAWSv3Client(new DynamoDBClient({})),
      keyPrefix: '${idempotencyPrefix}',
    }),
    ${domainDeps},
  };
};

/** What ${functionKey} uses. */
export type ${type} = ReturnType<typeof ${builder}>;

let ${functionKey}: ${type} | undefined;

/** ${functionKey}'s dependencies: built on first use in a cold start, then reused. */
export const ${depsFunction} = (): ${type} => (${functionKey} ??= ${builder}());
`;
};
