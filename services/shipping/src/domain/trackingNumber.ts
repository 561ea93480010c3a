import { type CarrierService, CarrierServices } from './chooseCarrier.ts';

/** Port: a uniformly random integer in `[0, maxExclusive)`. Tests pass a fixed sequence. */
export type RandomInt = (maxExclusive: number) => number;

/** Shipping's UPS account number: the 6 characters after `1Z` in every UPS tracking number. */
export const UPS_SHIPPER_NUMBER = '8W72K4';

/** UPS service code in the tracking number: 11 is UPS Standard (international). */
const UPS_STANDARD_SERVICE_CODE = '11';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const digits = (count: number, randomInt: RandomInt): string =>
  Array.from({ length: count }, () => String(randomInt(10))).join('');

const letters = (count: number, randomInt: RandomInt): string =>
  Array.from({ length: count }, () => LETTERS.charAt(randomInt(LETTERS.length))).join('');

/** UPU S10 check digit (Royal Mail): weights 8 6 4 2 3 5 9 7, then 11 − sum mod 11. */
export const s10CheckDigit = (serial: string): string => {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let index = 0; index < serial.length; index += 1) {
    sum += Number(serial.charAt(index)) * (weights[index] ?? 0);
  }
  const check = 11 - (sum % 11);
  return String(check === 10 ? 0 : check === 11 ? 5 : check);
};

/**
 * UPS check digit over the 15 characters after `1Z`: letters count as (char code − 63) mod 10,
 * odd positions once and even positions twice, then 10 − sum mod 10.
 */
export const upsCheckDigit = (body: string): string => {
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    const char = body.charAt(index);
    const value = /\d/.test(char) ? Number(char) : (char.charCodeAt(0) - 63) % 10;
    sum += index % 2 === 1 ? 2 * value : value;
  }
  return String((10 - (sum % 10)) % 10);
};

/** DHL Express waybill check digit: the first 9 digits modulo 7. */
export const dhlExpressCheckDigit = (body: string): string => String(Number(body) % 7);

/**
 * A tracking number in the format of the carrier product:
 *
 * - Royal Mail Tracked 48: UPU S10, 2 letters + 8 digits + check digit + `GB`, e.g.
 *   `RR473124829GB`;
 * - DHL Parcel: `JD` + 18 digits;
 * - DHL Express Worldwide: 10-digit waybill, 9 digits + a mod-7 check digit;
 * - UPS Standard: `1Z` + shipper number (6 alphanumerics) + service code (2 digits) + 7 digits
 *   + check digit.
 *
 * Every random character comes from `randomInt`, so a fixed sequence gives a fixed number.
 */
export const generateTrackingNumber = (service: CarrierService, randomInt: RandomInt): string => {
  switch (service) {
    case CarrierServices.RoyalMailTracked48: {
      const prefix = letters(2, randomInt);
      const serial = digits(8, randomInt);
      return `${prefix}${serial}${s10CheckDigit(serial)}GB`;
    }
    case CarrierServices.DhlParcel:
      return `JD${digits(18, randomInt)}`;
    case CarrierServices.DhlExpressWorldwide: {
      const body = digits(9, randomInt);
      return `${body}${dhlExpressCheckDigit(body)}`;
    }
    case CarrierServices.UpsStandard: {
      const body = `${UPS_SHIPPER_NUMBER}${UPS_STANDARD_SERVICE_CODE}${digits(7, randomInt)}`;
      return `1Z${body}${upsCheckDigit(body)}`;
    }
  }
};

/** The format of each product's tracking numbers, for validation and documentation. */
export const TRACKING_NUMBER_FORMATS: Readonly<Record<CarrierService, RegExp>> = {
  [CarrierServices.RoyalMailTracked48]: /^[A-Z]{2}\d{9}GB$/,
  [CarrierServices.DhlParcel]: /^JD\d{18}$/,
  [CarrierServices.DhlExpressWorldwide]: /^\d{10}$/,
  [CarrierServices.UpsStandard]: /^1Z[A-Z0-9]{6}\d{2}\d{8}$/,
};
