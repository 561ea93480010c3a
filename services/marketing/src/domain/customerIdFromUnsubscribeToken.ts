import { InvalidSealedTokenError, openSealedToken } from '@conveyor/lambda-toolkit';
import * as z from 'zod/mini';

/** What email seals into an unsubscribe link, and the purpose it seals it for. */
export const UNSUBSCRIBE_TOKEN_PURPOSE = 'unsubscribe';
const payloadSchema = z.object({ customerId: z.string().check(z.minLength(1), z.maxLength(128)) });

/**
 * The customer an unsubscribe link's token names. Throws {@link InvalidSealedTokenError} (HTTP
 * 400) for a missing token, one that does not open with `secret`, or one that opens to anything
 * but `{ customerId }`.
 */
export const customerIdFromUnsubscribeToken = (
  token: string | undefined,
  secret: string,
): string => {
  if (token === undefined || token === '') {
    throw new InvalidSealedTokenError(UNSUBSCRIBE_TOKEN_PURPOSE, { missing: true });
  }
  const payload = payloadSchema.safeParse(
    openSealedToken(token, { secret, purpose: UNSUBSCRIBE_TOKEN_PURPOSE }),
  );
  if (!payload.success) throw new InvalidSealedTokenError(UNSUBSCRIBE_TOKEN_PURPOSE);
  return payload.data.customerId;
};
