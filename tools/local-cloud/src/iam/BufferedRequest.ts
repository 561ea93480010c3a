import type { IncomingMessage } from 'node:http';

/** An HTTP request whose body has been read, as the enforcement layer inspects it. */
export interface BufferedRequest {
  readonly method: string;
  /** The path exactly as sent (percent-encoded), without the query. */
  readonly rawPath: string;
  /** The query string exactly as sent, without the `?`. */
  readonly rawQuery: string;
  /** Query parameters, decoded, in the order sent. */
  readonly query: readonly (readonly [string, string])[];
  /** Header values by lower-case name; repeated headers joined with `,` (as SigV4 does). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Splits a raw query string into decoded pairs. `+` stays a plus: the SDKs encode spaces as `%20`,
 * and SigV4 canonicalises from the percent-decoded value.
 */
export const parseRawQuery = (rawQuery: string): [string, string][] =>
  rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals < 0
        ? [decode(part), '']
        : [decode(part.slice(0, equals)), decode(part.slice(equals + 1))];
    });

/** The first value of a query parameter, if present. */
export const queryValue = (request: BufferedRequest, name: string): string | undefined =>
  request.query.find(([key]) => key === name)?.[1];

/** Whether the query has a parameter of that name (with or without a value). */
export const hasQuery = (request: BufferedRequest, name: string): boolean =>
  request.query.some(([key]) => key === name);

/** Builds a `BufferedRequest` from a Node request and the body read from it. */
export const toBufferedRequest = (request: IncomingMessage, body: Buffer): BufferedRequest => {
  const url = request.url ?? '/';
  const mark = url.indexOf('?');
  const rawPath = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  const headers: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] ?? '').toLowerCase();
    (headers[name] ??= []).push(raw[index + 1] ?? '');
  }
  return {
    method: request.method ?? 'GET',
    rawPath,
    rawQuery,
    query: parseRawQuery(rawQuery),
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, values]) => [name, values.join(',')]),
    ),
    body,
  };
};

// Each request's body is read by the IAM check and again by the call counters: parse it once.
const parsedBodies = new WeakMap<BufferedRequest, unknown>();

/** The request's body parsed as JSON, parsed once per request: `{}` when empty or not JSON. */
export const jsonBody = (request: BufferedRequest): unknown => {
  // JSON.parse never yields undefined, so undefined means not parsed yet.
  const known = parsedBodies.get(request);
  if (known !== undefined) return known;
  let parsed: unknown = {};
  if (request.body.length > 0) {
    try {
      parsed = JSON.parse(request.body.toString('utf8')) as unknown;
    } catch {
      // Not JSON: callers find nothing to name in it.
    }
  }
  parsedBodies.set(request, parsed);
  return parsed;
};
