import type * as z from 'zod/mini';
import {
  type ConveyorEvent,
  eventCatalog,
  type EventType,
  findEventSchema,
} from './eventCatalog.ts';
import { type EventIssue, EventValidationError } from './errors.ts';
import './zodMessages.ts';

/** The outcome of {@link parseEvent}: a typed event, or every problem found. */
export type ParseEventResult =
  | { readonly success: true; readonly event: ConveyorEvent }
  | { readonly success: false; readonly error: EventValidationError };

const toJsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === 'number'
        ? `${acc}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `${acc}.${String(key)}`
          : `${acc}[${JSON.stringify(String(key))}]`,
    '$',
  );

const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined,
    root,
  );

const fromZodIssues = (input: unknown, issues: readonly z.core.$ZodIssue[]): EventIssue[] =>
  issues.flatMap((issue): EventIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: toJsonPath([...issue.path, key]),
        code: 'unrecognized_key',
        message: `unexpected field "${key}"`,
      }));
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      return [
        {
          path: toJsonPath(issue.path),
          code: 'missing',
          message: `required ${issue.expected} is missing`,
        },
      ];
    }
    if (issue.code === 'invalid_type') {
      const found = describeValue(valueAt(input, issue.path));
      return [
        {
          path: toJsonPath(issue.path),
          code: 'invalid_type',
          message: `expected ${issue.expected}, got ${found}`,
        },
      ];
    }
    return [{ path: toJsonPath(issue.path), code: issue.code, message: issue.message }];
  });

// V8 quotes up to ~10 characters of the input ("Unexpected token 'a', "{"email":ada"... is not
// valid JSON"), or all of a short one. Positions and the unexpected token stay.
const withoutQuotedInput = (message: string): string =>
  message.replace(/, "[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');

const fail = (issues: EventIssue[], cause?: unknown): ParseEventResult => ({
  success: false,
  error: new EventValidationError(issues, cause === undefined ? undefined : { cause }),
});

/**
 * Parses and validates a Conveyor event from a JSON string or an already-parsed value.
 * Never throws: every problem (not JSON, unknown type or version, wrong or missing fields,
 * unexpected top-level fields) comes back in `error.issues` with its JSON path.
 *
 * @example
 * ```ts
 * const result = parseEvent(record.body);
 * // InvalidEventError: @conveyor/lambda-toolkit's, which sends the record to its DLQ.
 * if (!result.success) throw new InvalidEventError(result.error.issues, { cause: result.error });
 * if (result.event.eventType === 'order.placed') reserve(result.event.data.lines);
 * ```
 */
export const parseEvent = (input: unknown): ParseEventResult => {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      // No cause: the parser's message quotes the body, and issues end up in logs and DLQ
      // reports, where a customer's email or address must not.
      return fail([
        {
          path: '$',
          code: 'invalid_json',
          message: `not valid JSON (${withoutQuotedInput((error as Error).message)})`,
        },
      ]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail([
      {
        path: '$',
        code: 'invalid_type',
        message: `expected an event object, got ${describeValue(value)}`,
      },
    ]);
  }
  const { eventType, version } = value as { eventType?: unknown; version?: unknown };
  if (eventType === undefined) {
    return fail([{ path: '$.eventType', code: 'missing', message: 'required string is missing' }]);
  }
  if (typeof eventType !== 'string' || !Object.hasOwn(eventCatalog, eventType)) {
    const known = Object.keys(eventCatalog).join(', ');
    return fail([
      {
        path: '$.eventType',
        code: 'unknown_event_type',
        message: `unknown event type ${JSON.stringify(eventType)}; known: ${known}`,
      },
    ]);
  }
  const schema = findEventSchema(eventType, version);
  if (schema === undefined) {
    const published = Object.keys(eventCatalog[eventType as EventType]).join(', ');
    return fail([
      {
        path: '$.version',
        code: version === undefined ? 'missing' : 'unknown_version',
        message: `unsupported version ${JSON.stringify(version)} of ${eventType}; published: ${published}`,
      },
    ]);
  }
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { success: true, event: parsed.data as ConveyorEvent }
    : fail(fromZodIssues(value, parsed.error.issues));
};
