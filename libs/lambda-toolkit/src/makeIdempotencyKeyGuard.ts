import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type HttpResponse, problemResponse } from './http.ts';

/** Options of {@link makeIdempotencyKeyGuard}. */
export interface IdempotencyKeyGuardOptions {
  /** The service's idempotency table (partition key `id`, TTL attribute `expiration`). */
  readonly tableName: string;
  /** A DynamoDB client built once per cold start. */
  readonly client: DynamoDBClient;
  /** Namespace of the keys, such as `checkout.postCheckout`. */
  readonly keyPrefix: string;
  /** How long a key is remembered; default 24 hours. The table's TTL deletes expired keys. */
  readonly expiresAfterSeconds?: number;
}

/**
 * Runs a request handler at most once per `Idempotency-Key`. `handle` gets the validated key, or
 * `undefined` when the request has none, so that it can make its own writes converge on it.
 */
export type IdempotencyKeyGuard = (
  event: APIGatewayProxyEventV2,
  context: Context,
  handle: (idempotencyKey: string | undefined) => Promise<HttpResponse>,
) => Promise<HttpResponse>;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Carries a refusal out of the idempotent function, so that Powertools deletes its record. */
class RefusedRequest extends Error {
  public readonly response: HttpResponse;

  public constructor(response: HttpResponse) {
    super(`Request refused with ${String(response.statusCode)}`);
    this.response = response;
  }
}

/**
 * Honours the `Idempotency-Key` request header with Powertools idempotency: the same key with
 * the same body returns the stored response without running the handler again; the same key
 * with a different body gets 422; a request still in progress under that key gets 409. Without
 * the header the handler simply runs. Expired keys are treated as new (Powertools checks the
 * expiry itself, so this holds even where the table's TTL has not deleted them yet).
 *
 * Only a success (status below 400) is recorded. A refusal (400, 413, 415, 422, ...) or a thrown
 * error deletes the key's record, so the client can fix the request and retry with the same key;
 * `handle` must therefore answer 4xx only when it changed nothing. An attempt that dies midway
 * leaves its record in progress until the invocation's own deadline (the Lambda context's
 * remaining time when it started), then the key can be retried: `handle` must make such a retry
 * converge on the dead attempt's work (for example an id derived from the key).
 *
 * @example
 * ```ts
 * const guard = makeIdempotencyKeyGuard({ tableName, client, keyPrefix: 'checkout.postCheckout' });
 * export const handler = (event, context) => guard(event, context, (key) => placeOrderFromHttp(event, key));
 * ```
 */
export const makeIdempotencyKeyGuard = (
  options: IdempotencyKeyGuardOptions,
): IdempotencyKeyGuard => {
  const expiresAfterSeconds = options.expiresAfterSeconds ?? 24 * 60 * 60;
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
  });
  const recordSuccessOnly = async (
    _payload: { key: string; request: { body: string; contentType: string } },
    handle: () => Promise<HttpResponse>,
  ): Promise<HttpResponse> => {
    const response = await handle();
    if (response.statusCode >= 400) throw new RefusedRequest(response);
    return response;
  };

  return async (event, context, handle) => {
    const headers = Object.fromEntries(
      Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const key = headers['idempotency-key'];
    if (key === undefined) return handle(undefined);
    if (!KEY_PATTERN.test(key)) {
      return problemResponse(400, {
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        errors: [{ pointer: '', detail: 'invalid Idempotency-Key header' }],
      });
    }
    // A config per invocation: it holds the Lambda context, whose remaining time bounds the
    // in-progress record, and concurrent invocations in one process must not share it.
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'request',
      expiresAfterSeconds,
      lambdaContext: context,
    });
    const runOnce = makeIdempotent(recordSuccessOnly, {
      persistenceStore,
      config,
      keyPrefix: options.keyPrefix,
    });
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    try {
      return await runOnce(
        { key, request: { body, contentType: headers['content-type'] ?? '' } },
        () => handle(key),
      );
    } catch (error) {
      if (error instanceof RefusedRequest) return error.response;
      if (error instanceof IdempotencyValidationError) {
        return problemResponse(422, {
          detail: 'This Idempotency-Key was already used with a different request',
        });
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        return problemResponse(409, {
          detail: 'A request with this Idempotency-Key is still in progress; retry later',
        });
      }
      throw error;
    }
  };
};
