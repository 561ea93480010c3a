import { sealToken } from '@conveyor/lambda-toolkit';
import type { UnsubscribeLinkFor } from '../domain/unsubscribeLink.ts';

/** The purpose unsubscribe tokens are sealed for; marketing opens them with the same one. */
export const UNSUBSCRIBE_TOKEN_PURPOSE = 'unsubscribe';

/**
 * Makes the links as marketing's `GET /audience/unsubscribe?token=` expects them: the token is
 * `{ customerId }` sealed with the secret email and marketing share, so the link names nobody
 * in clear and cannot be forged for someone else.
 *
 * @example
 * ```ts
 * const linkFor = makeUnsubscribeLink({ url: 'https://api.example/audience/unsubscribe', secret });
 * linkFor('cus-1'); // https://api.example/audience/unsubscribe?token=AQ3v…
 * ```
 */
export const makeUnsubscribeLink =
  (options: { readonly url: string; readonly secret: string }): UnsubscribeLinkFor =>
  (customerId) => {
    const token = sealToken(
      { customerId },
      { secret: options.secret, purpose: UNSUBSCRIBE_TOKEN_PURPOSE },
    );
    const link = new URL(options.url);
    link.searchParams.set('token', token);
    return link.href;
  };
