import type { OrderPlacedV1 } from '@conveyor/event-types';

/** A postal address as the events carry it. */
export type PostalAddress = OrderPlacedV1['data']['shippingAddress'];

// Events carry no language, so every mail is British English: unambiguous dates ("25 November
// 2026") and currency symbols that name the dollar ("US$").
const LOCALE = 'en-GB';

const countryNames = new Intl.DisplayNames([LOCALE], { type: 'region', fallback: 'code' });

/**
 * Formats integer minor units of an ISO-4217 currency: the number of decimals comes from the
 * currency (EUR 2, JPY 0, KWD 3), and the amount is passed as a decimal string so that no
 * floating-point division can round it.
 */
const money = (minorUnits: number, currency: string): string => {
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  const digits = String(minorUnits).padStart(decimals + 1, '0');
  const amount =
    decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return format.format(amount as `${number}`);
};

/** Formats a calendar day (`YYYY-MM-DD`) as "Wednesday, 25 November 2026", whatever the server's zone. */
const day = (isoDate: string): string =>
  new Intl.DateTimeFormat(LOCALE, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );

/** A country's English name from its ISO-3166 alpha-2 code; the code itself if unknown. */
const country = (code: string): string => countryNames.of(code) ?? code;

/** The lines of an address as printed on an envelope. */
const addressLines = (address: PostalAddress): string[] => [
  address.name,
  address.line1,
  ...(address.line2 === undefined ? [] : [address.line2]),
  `${address.postalCode} ${address.city}`,
  country(address.country),
];

/** Formatting shared by every mail. */
export const mailFormat = { locale: LOCALE, money, day, country, addressLines } as const;
