import * as z from 'zod/mini';
import { listPublishedEvents } from './eventCatalog.ts';

/** A JSON Schema document, as generated from the zod schemas. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** One change that would break a consumer of an already-published event version. */
export interface BreakingChange {
  /** JSONPath of the field, for example `$.data.customer.email`. */
  readonly path: string;
  /** What kind of break. */
  readonly kind:
    | 'removed'
    | 'type-changed'
    | 'now-required'
    | 'enum-value-removed'
    | 'const-changed'
    | 'shape-changed';
  /** Human-readable explanation. */
  readonly message: string;
}

/**
 * Generates the JSON Schema of an event schema: the wire format as consumers receive it.
 *
 * @example
 * ```ts
 * const schema = toJsonSchema(eventCatalog['order.placed'][1]);
 * ```
 */
export const toJsonSchema = (schema: z.ZodMiniType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });

/**
 * The JSON Schema of every published (eventType, version), keyed `<eventType>/v<version>`.
 *
 * @example
 * ```ts
 * const schemas = publishedJsonSchemas(); // { 'order.placed/v1': {...}, ... }
 * ```
 */
export const publishedJsonSchemas = (): Record<string, JsonSchema> =>
  Object.fromEntries(
    listPublishedEvents().map(({ eventType, version, schema }) => [
      `${eventType}/v${version}`,
      toJsonSchema(schema),
    ]),
  );

const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const typesOf = (schema: Readonly<Record<string, unknown>>): string[] => {
  const { type } = schema;
  if (Array.isArray(type)) return (type as string[]).toSorted();
  if (typeof type === 'string') return [type];
  if ('anyOf' in schema || 'oneOf' in schema) return ['union'];
  return [];
};

const sameTypes = (previous: string[], next: string[]): boolean =>
  // Widening integer to number keeps every old value valid; anything else is a change.
  JSON.stringify(previous) === JSON.stringify(next) ||
  (JSON.stringify(previous) === '["integer"]' && JSON.stringify(next) === '["number"]');

const compare = (
  previousNode: unknown,
  nextNode: unknown,
  path: string,
  out: BreakingChange[],
): void => {
  const previous = asRecord(previousNode);
  const next = asRecord(nextNode);
  const previousTypes = typesOf(previous);
  const nextTypes = typesOf(next);
  if (!sameTypes(previousTypes, nextTypes)) {
    out.push({
      path,
      kind: 'type-changed',
      message: `type changed from ${previousTypes.join('|') || 'any'} to ${nextTypes.join('|') || 'any'}`,
    });
    return;
  }
  if ('const' in previous && JSON.stringify(previous.const) !== JSON.stringify(next.const)) {
    out.push({
      path,
      kind: 'const-changed',
      message: `constant changed from ${JSON.stringify(previous.const)} to ${JSON.stringify(next.const)}`,
    });
  }
  if (Array.isArray(previous.enum)) {
    const allowed = new Set(
      (Array.isArray(next.enum) ? next.enum : []).map((v) => JSON.stringify(v)),
    );
    for (const value of previous.enum) {
      if (Array.isArray(next.enum) && !allowed.has(JSON.stringify(value))) {
        out.push({
          path,
          kind: 'enum-value-removed',
          message: `enum value ${JSON.stringify(value)} removed`,
        });
      }
    }
  }
  for (const unionKey of ['anyOf', 'oneOf'] as const) {
    if (
      unionKey in previous &&
      JSON.stringify(previous[unionKey]) !== JSON.stringify(next[unionKey])
    ) {
      out.push({ path, kind: 'shape-changed', message: `${unionKey} alternatives changed` });
    }
  }
  if (previousTypes.includes('object')) {
    const previousProps = asRecord(previous.properties);
    const nextProps = asRecord(next.properties);
    const previousRequired = new Set(
      Array.isArray(previous.required) ? (previous.required as string[]) : [],
    );
    const nextRequired = Array.isArray(next.required) ? (next.required as string[]) : [];
    for (const key of Object.keys(previousProps)) {
      const childPath = `${path}.${key}`;
      if (!(key in nextProps)) {
        out.push({ path: childPath, kind: 'removed', message: 'field removed or renamed' });
        continue;
      }
      compare(previousProps[key], nextProps[key], childPath, out);
    }
    for (const key of nextRequired) {
      if (!previousRequired.has(key)) {
        const existed = key in previousProps;
        out.push({
          path: `${path}.${key}`,
          kind: 'now-required',
          message: existed ? 'optional field became required' : 'new required field',
        });
      }
    }
  }
  if (previousTypes.includes('array')) compare(previous.items, next.items, `${path}[]`, out);
};

/**
 * Lists what in `next` breaks consumers that rely on `previous`, the committed JSON Schema of a
 * published event version: removed or renamed fields, changed types, new required fields,
 * removed enum values. Added optional fields and added enum values are compatible.
 *
 * @example
 * ```ts
 * const breaks = findBreakingChanges(committed, toJsonSchema(orderPlacedV1));
 * if (breaks.length > 0) throw new Error(breaks.map((b) => `${b.path}: ${b.message}`).join('\n'));
 * ```
 */
export const findBreakingChanges = (previous: JsonSchema, next: JsonSchema): BreakingChange[] => {
  const out: BreakingChange[] = [];
  compare(previous, next, '$', out);
  return out;
};
