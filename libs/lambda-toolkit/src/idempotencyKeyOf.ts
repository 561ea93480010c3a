import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResponse, problemResponse } from './http.ts';

/** The `Idempotency-Key` header of a request: absent or valid, or refused with its 400 answer. */
export type IdempotencyKeyHeader =
  | { readonly valid: true; readonly key: string | undefined }
  | { readonly valid: false; readonly response: HttpResponse };

const MAX_KEY_LENGTH = 255;
// Visible ASCII but the comma: API Gateway joins a repeated header's values with one, so two
// keys in one request would read as a third, valid key.
const KEY_CHARACTER = /[\x21-\x2b\x2d-\x7e]/;

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a key, for its `errors[]` entry; `undefined` for a valid one. */
const keyProblem = (key: string): string | undefined => {
  if (key.length === 0) return 'the Idempotency-Key header is empty';
  let length = 0;
  let wrong: { character: string; position: number } | undefined;
  // By code point, as a person counts characters.
  for (const character of key) {
    length += 1;
    if (wrong === undefined && !KEY_CHARACTER.test(character)) {
      wrong = { character, position: length };
    }
  }
  if (length > MAX_KEY_LENGTH) {
    return `the Idempotency-Key is ${String(length)} characters long, over ${String(MAX_KEY_LENGTH)}`;
  }
  if (wrong === undefined) return undefined;
  if (wrong.character === ',') {
    return 'the Idempotency-Key has a comma: two keys, or the header sent twice (API Gateway joins repeated headers with a comma); send one key';
  }
  return `the Idempotency-Key has ${wrong.character === ' ' ? 'a space' : `the character ${codePoint(wrong.character)}`} at position ${String(wrong.position)}; a key is visible ASCII only`;
};

/**
 * Reads a request's `Idempotency-Key` header (any case): 1 to 255 visible ASCII characters other
 * than a comma, or absent; a refusal's `errors[]` entry says which rule the key broke. The value
 * is the key as sent: a quoted one (`"k1"`, the IETF draft's structured-field string) is another
 * key than `k1`, so a client sends the same form on every retry, as it does anyway. It keeps no record of the key: the handler makes its own writes converge on it, for
 * example with an id derived from the key and a conditional put, which is what makes a retry
 * safe even after the attempt before it timed out or died midway
 * (docs/decisions/checkout-idempotency-key-converges-on-one-order.md).
 *
 * @example
 * ```ts
 * const header = idempotencyKeyOf(event);
 * if (!header.valid) return header.response;
 * const orderId = header.key === undefined ? randomUUID() : orderIdForKey(customerId, header.key);
 * ```
 */
export const idempotencyKeyOf = (event: APIGatewayProxyEventV2): IdempotencyKeyHeader => {
  const key = Object.entries(event.headers).find(
    ([name]) => name.toLowerCase() === 'idempotency-key',
  )?.[1];
  if (key === undefined) return { valid: true, key: undefined };
  const problem = keyProblem(key);
  if (problem !== undefined) {
    return {
      valid: false,
      response: problemResponse(400, {
        detail:
          'Idempotency-Key must be one key of 1 to 255 visible ASCII characters, without a comma',
        errors: [{ header: 'Idempotency-Key', detail: problem }],
      }),
    };
  }
  return { valid: true, key };
};
