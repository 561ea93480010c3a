import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import './zodMessages.ts';

/**
 * One problem in a request, located where the request has it, as JSON:API's error `source` does:
 * a JSON pointer (RFC 6901) into the body, a path or query parameter, or a header. A problem of
 * several parameters together (a range whose start is after its end) names none of them.
 */
export type ProblemEntry =
  | {
      /** JSON pointer of the offending value, such as `/lines/0/quantity`; `` (empty) is the whole body. */
      readonly pointer: string;
      /** What is wrong with it. */
      readonly detail: string;
    }
  | {
      /** The path or query parameter, such as `orderId` or `from`. */
      readonly parameter: string;
      /** What is wrong with it. */
      readonly detail: string;
    }
  | {
      /** The request header, such as `Idempotency-Key`. */
      readonly header: string;
      /** What is wrong with it. */
      readonly detail: string;
    }
  | {
      /** What is wrong with the parameters together. */
      readonly detail: string;
    };

/** A problem in the request body, located by its JSON pointer. */
type BodyProblem = Extract<ProblemEntry, { readonly pointer: string }>;

/** An RFC 9457 problem details document, with one entry per problem in `errors`. */
export interface ProblemDetails {
  /** A URI reference naming the problem type. */
  readonly type: string;
  /** Short summary of the problem type. */
  readonly title: string;
  /** The HTTP status code. */
  readonly status: number;
  /** Explanation of this occurrence. */
  readonly detail?: string;
  /** Every problem found, each with where it is. */
  readonly errors?: readonly ProblemEntry[];
}

/** An HTTP API (payload v2) response. */
export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * A JSON response.
 *
 * @example
 * ```ts
 * return jsonResponse(201, { orderId }, { location: `/orders/${orderId}` });
 * ```
 */
export const jsonResponse = (
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * An RFC 9457 `application/problem+json` response, with any extra `headers`.
 *
 * @example
 * ```ts
 * return problemResponse(422, { detail: 'Unknown SKUs', errors: [{ pointer: '/lines/1/sku', detail: 'unknown SKU "NOPE"' }] });
 * ```
 */
export const problemResponse = (
  status: number,
  problem: {
    readonly title?: string;
    readonly detail?: string;
    readonly errors?: readonly ProblemEntry[];
    readonly type?: string;
  } = {},
  headers: Readonly<Record<string, string>> = {},
): HttpResponse => {
  const document: ProblemDetails = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? STATUS_TITLES[status] ?? 'Error',
    status,
    ...(problem.detail === undefined ? {} : { detail: problem.detail }),
    ...(problem.errors === undefined ? {} : { errors: problem.errors }),
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(document),
  };
};

/**
 * Converts a path into a JSON pointer (RFC 6901), escaping `~` and `/`.
 *
 * @example
 * ```ts
 * toJsonPointer(['lines', 0, 'sku']); // '/lines/0/sku'
 * ```
 */
export const toJsonPointer = (path: readonly PropertyKey[]): string =>
  path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined,
    root,
  );

/**
 * Turns zod issues into problem entries, one per problem, with precise messages for missing
 * fields and unexpected fields: the first 20, then one entry saying how many more (a body of
 * thousands of unknown keys would get an answer several times its size). Two checks of one field
 * that share a message (an integer range whose integer and maximum checks both fail for 1e30)
 * make one entry.
 *
 * @example
 * ```ts
 * const result = schema.safeParse(body);
 * if (!result.success) return problemResponse(400, { errors: toProblemEntries(body, result.error.issues) });
 * ```
 */
export const toProblemEntries = (
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): ProblemEntry[] => {
  const entries = issues.flatMap((issue): BodyProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: echoed(toJsonPointer([...issue.path, key])),
        detail: `unexpected field "${echoed(key)}"`,
      }));
    }
    if (valueAt(input, issue.path) === undefined) {
      // A schema's own message ("must be one of EUR, GBP, USD") would hide that nothing was sent.
      if (issue.code === 'invalid_type') {
        return [
          { pointer: toJsonPointer(issue.path), detail: `required ${issue.expected} is missing` },
        ];
      }
      if (issue.code === 'invalid_value') {
        return [
          {
            pointer: toJsonPointer(issue.path),
            detail: `required value is missing: ${issue.message}`,
          },
        ];
      }
    }
    return [{ pointer: toJsonPointer(issue.path), detail: issue.message }];
  });
  const seen = new Set<string>();
  const distinct = entries.filter(({ pointer, detail }) => {
    const key = JSON.stringify([pointer, detail]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (distinct.length <= maxProblemEntries) return distinct;
  return [
    ...distinct.slice(0, maxProblemEntries),
    {
      pointer: '',
      detail: `and ${String(distinct.length - maxProblemEntries)} more problems; fix these first`,
    },
  ];
};

/** Limits applied by {@link parseJsonRequest}. */
export interface JsonRequestOptions {
  /** Largest accepted body in bytes; default 64 KiB. */
  readonly maxBytes?: number;
}

/** The outcome of {@link parseJsonRequest}: the parsed body, or the problem response to send. */
export type JsonRequestResult<T> =
  | { readonly success: true; readonly value: T }
  | { readonly success: false; readonly response: HttpResponse };

const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const entry = Object.entries(event.headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
};

/** How deep a JSON body may nest: no request of the services comes near it. */
const maxBodyDepth = 32;

/** What {@link inspectBody} found wrong in a parsed body, if anything. */
type BodyShapeProblem =
  | { readonly kind: 'too-deep'; readonly path: readonly PropertyKey[] }
  | { readonly kind: 'ill-formed'; readonly path: readonly PropertyKey[] };

/**
 * Walks a parsed body, without recursion, for what the schema cannot say: nesting deeper than
 * {@link maxBodyDepth} (a body of 10,000 nested arrays fits in 20 kB and would overflow a
 * recursive walk: a 500 rather than a 400), and the first string or member name that is not
 * well-formed Unicode: JSON lets `"\ud800"` through (RFC 8259 section 8.2), and a lone surrogate
 * has no UTF-8 form, so a table, a mail or a label would hold something else than was sent.
 */
const inspectBody = (body: unknown): BodyShapeProblem | undefined => {
  const pending: { readonly value: unknown; readonly path: readonly PropertyKey[] }[] = [
    { value: body, path: [] },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return { kind: 'ill-formed', path };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= maxBodyDepth) return { kind: 'too-deep', path };
    const members: [PropertyKey, unknown][] = Array.isArray(value)
      ? [...value.entries()]
      : Object.entries(value);
    for (const [key] of members) {
      if (typeof key === 'string' && !key.isWellFormed()) {
        return { kind: 'ill-formed', path: [...path, key] };
      }
    }
    // Reversed, so that the first member is looked at first.
    for (const [key, item] of members.toReversed())
      pending.push({ value: item, path: [...path, key] });
  }
  return undefined;
};

/** At most this much of what a client sent is echoed in a problem, so an answer stays small. */
const maxEchoed = 64;

/** `text`, cut to {@link maxEchoed} characters with an ellipsis. */
const echoed = (text: string): string =>
  text.length > maxEchoed ? `${text.slice(0, maxEchoed)}…` : text;

/** At most this many problems are listed; one more entry says how many were left out. */
const maxProblemEntries = 20;

// ignoreBOM keeps a byte order mark, refused below as RFC 8259 allows.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Validates an HTTP API request carrying JSON, in the order a client can fix things:
 * content type (415, also for a `charset` other than UTF-8), content coding (415: only
 * `identity`, as RFC 9110 lets a server refuse codings it does not decode), size (413), an empty
 * body, UTF-8, a byte order mark and JSON syntax (400), nesting deeper than 32 levels or a lone surrogate escape in a string (400,
 * with its JSON pointer), then the schema (400, one entry per problem with its JSON pointer, at
 * most 20). What the client sent is echoed 64 characters at most.
 *
 * @example
 * ```ts
 * const request = parseJsonRequest(event, checkoutRequestSchema);
 * if (!request.success) return request.response;
 * ```
 */
export const parseJsonRequest = <TSchema extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: TSchema,
  options: JsonRequestOptions = {},
): JsonRequestResult<z.output<TSchema>> => {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const contentType = header(event, 'content-type');
  const [mediaType, ...parameters] = (contentType ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    return {
      success: false,
      response: problemResponse(415, {
        detail: `Content-Type must be application/json, got ${contentType === undefined ? 'none' : JSON.stringify(echoed(contentType))}`,
      }),
    };
  }
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    // The body would be read as UTF-8 whatever the label says: refuse rather than guess.
    return {
      success: false,
      response: problemResponse(415, {
        detail: `Content-Type charset must be utf-8 (JSON is UTF-8), got ${JSON.stringify(echoed(contentType ?? ''))}`,
      }),
    };
  }
  const contentEncoding = header(event, 'content-encoding');
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > 0) {
    // RFC 9110 section 15.5.16: Accept-Encoding tells the client the coding, not the media type, is the problem.
    return {
      success: false,
      response: problemResponse(
        415,
        {
          detail: `Content-Encoding ${JSON.stringify(echoed(contentEncoding ?? ''))} is not supported; send the JSON body unencoded (identity)`,
        },
        { 'accept-encoding': 'identity' },
      ),
    };
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    return {
      success: false,
      response: problemResponse(413, {
        detail: `The body is ${bytes.byteLength} bytes; the limit is ${maxBytes}`,
      }),
    };
  }
  if (bytes.byteLength === 0) {
    // Said plainly: JSON.parse would answer "Unexpected end of JSON input".
    return {
      success: false,
      response: problemResponse(400, {
        detail: 'The body is empty; send a JSON document',
        errors: [{ pointer: '', detail: 'the body is empty' }],
      }),
    };
  }
  let text: string;
  try {
    // JSON is UTF-8 (RFC 8259 section 8.1). Buffer#toString would turn bad bytes into U+FFFD and
    // store them; a body passed as text was decoded before it got here, so this sees raw bytes
    // only when the body came base64-encoded.
    text = utf8.decode(bytes);
  } catch {
    return {
      success: false,
      response: problemResponse(400, {
        detail: 'The body is not valid UTF-8; send JSON in UTF-8',
        errors: [{ pointer: '', detail: 'not valid UTF-8' }],
      }),
    };
  }
  if (text.startsWith('\uFEFF')) {
    // JSON.parse would name an invisible character and echo the body after it.
    const detail =
      'The body starts with a byte order mark (U+FEFF), which JSON text must not (RFC 8259); send it without';
    return {
      success: false,
      response: problemResponse(400, {
        detail,
        errors: [{ pointer: '', detail: 'starts with a byte order mark (U+FEFF)' }],
      }),
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return {
      success: false,
      response: problemResponse(400, {
        detail: 'The body is not valid JSON',
        errors: [{ pointer: '', detail: (error as Error).message }],
      }),
    };
  }
  const shapeProblem = inspectBody(body);
  if (shapeProblem?.kind === 'too-deep') {
    return {
      success: false,
      response: problemResponse(400, {
        detail: `The body nests deeper than ${String(maxBodyDepth)} levels`,
        errors: [
          {
            pointer: echoed(toJsonPointer(shapeProblem.path)),
            detail: `nested more than ${String(maxBodyDepth)} levels deep`,
          },
        ],
      }),
    };
  }
  if (shapeProblem?.kind === 'ill-formed') {
    return {
      success: false,
      response: problemResponse(400, {
        detail: 'The body has a lone surrogate escape; send well-formed Unicode',
        errors: [
          {
            pointer: echoed(toJsonPointer(shapeProblem.path)),
            detail: 'a \\uD800-\\uDFFF escape that is not half of a pair',
          },
        ],
      }),
    };
  }
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) {
    return {
      success: false,
      response: problemResponse(400, {
        detail: 'The request body is invalid',
        errors: toProblemEntries(body, parsed.error.issues),
      }),
    };
  }
  return { success: true, value: parsed.data };
};
