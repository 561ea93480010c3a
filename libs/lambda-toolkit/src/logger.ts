import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Creates the service's Powertools logger. Create one per service, at cold start.
 * Per-record keys (`correlationId`, `eventId`, `aggregateId`, `eventType`) are appended by the
 * SQS handler while it handles each record.
 *
 * @example
 * ```ts
 * export const logger = createLogger('inventory');
 * ```
 */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });

/**
 * Masks an email address for logs and display: first and last character of the local part,
 * first character of the domain, and the top-level domain.
 *
 * @example
 * ```ts
 * maskEmail('ada.lovelace@example.com'); // 'a***e@e***.com'
 * ```
 */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  const maskedLocal =
    local.length <= 2
      ? `${local.charAt(0)}***`
      : `${local.charAt(0)}***${local.charAt(local.length - 1)}`;
  return `${maskedLocal}@${domain.charAt(0)}***${tld}`;
};

/** The parts of a postal address that masking keeps or drops. */
export interface MaskableAddress {
  readonly postalCode: string;
  readonly country: string;
}

/**
 * Masks a postal address for logs: only the country and the first two characters of the postal
 * code survive, enough to debug routing and never enough to find a door.
 *
 * @example
 * ```ts
 * maskAddress({ line1: '12 Analytical Row', city: 'London', postalCode: 'NW1 6XE', country: 'GB' }); // 'GB NW***'
 * ```
 */
export const maskAddress = (address: MaskableAddress): string =>
  `${address.country} ${address.postalCode.slice(0, 2)}***`;
