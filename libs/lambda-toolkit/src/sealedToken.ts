import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidSealedTokenError, SealedTokenSecretError } from './errors.ts';

// AES-256-GCM is authenticated encryption: the token is signed (tampering fails to open) and
// opaque (nothing in it is readable without the key), as a link in a mail must be. The key is
// derived per purpose, so a token minted for one use never opens for another.
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;

/** The secret and the purpose a {@link sealToken} or {@link openSealedToken} call uses. */
export interface SealedTokenOptions {
  /** At least 32 characters of secret, shared by the services that mint and open tokens. */
  readonly secret: string;
  /** What the token is for, such as `unsubscribe`; a token opens only for its own purpose. */
  readonly purpose: string;
}

const keyFor = ({ secret, purpose }: SealedTokenOptions): Buffer => {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SealedTokenSecretError(
      `A sealed-token secret needs at least ${String(MIN_SECRET_LENGTH)} characters`,
    );
  }
  return Buffer.from(hkdfSync('sha256', secret, 'conveyor-sealed-token', purpose, 32));
};

/**
 * Seals a JSON payload into a URL-safe token that only a holder of the same secret can open,
 * and that fails to open if a single character changes. Throws {@link SealedTokenSecretError}
 * for a secret under 32 characters.
 *
 * @example
 * ```ts
 * const token = sealToken({ customerId: 'cus-1' }, { secret, purpose: 'unsubscribe' });
 * const link = `${baseUrl}/audience/unsubscribe?token=${token}`;
 * ```
 */
export const sealToken = (payload: unknown, options: SealedTokenOptions): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(options), iv);
  cipher.setAAD(Buffer.from([VERSION]));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, sealed, cipher.getAuthTag()]).toString(
    'base64url',
  );
};

/**
 * Opens a token made by {@link sealToken} with the same secret and purpose, and returns its
 * payload (validate it before use). Throws {@link InvalidSealedTokenError} (HTTP 400) on any
 * other token, and {@link SealedTokenSecretError} for a secret under 32 characters.
 *
 * @example
 * ```ts
 * const { customerId } = unsubscribePayload.parse(openSealedToken(token, { secret, purpose: 'unsubscribe' }));
 * ```
 */
export const openSealedToken = (token: string, options: SealedTokenOptions): unknown => {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES + 1 || bytes[0] !== VERSION) {
    throw new InvalidSealedTokenError(options.purpose);
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const sealed = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(options), iv);
    decipher.setAAD(Buffer.from([VERSION]));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as unknown;
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new InvalidSealedTokenError(options.purpose, { cause: error });
  }
};
