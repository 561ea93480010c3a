import { describe, expect, it } from 'vitest';
import { fixedRandom } from '../../tests/support/fixedRandom.ts';
import { CarrierServices } from './chooseCarrier.ts';
import {
  dhlExpressCheckDigit,
  generateTrackingNumber,
  s10CheckDigit,
  TRACKING_NUMBER_FORMATS,
  upsCheckDigit,
} from './trackingNumber.ts';

describe('check digits', () => {
  it('computes the UPU S10 check digit of a published Royal Mail example', () => {
    // Act
    const check = s10CheckDigit('47312482');

    // Assess
    expect(check).toBe('9'); // RR473124829GB
  });

  it('maps S10 results 10 and 11 to 0 and 5', () => {
    // Prepare: weighted sums 12 (11 − 1 = 10) and 0 (11 − 0 = 11)
    const serials = ['02000000', '00000000'];

    // Act
    const checks = serials.map(s10CheckDigit);

    // Assess
    expect(checks).toEqual(['0', '5']);
  });

  it('computes the UPS check digit of a published UPS example', () => {
    // Act
    const check = upsCheckDigit('999AA1012345678');

    // Assess
    expect(check).toBe('4'); // 1Z999AA10123456784
  });

  it('computes the DHL Express check digit as the 9 digits modulo 7', () => {
    // Act
    const check = dhlExpressCheckDigit('123456789');

    // Assess
    expect(check).toBe(String(123456789 % 7));
  });
});

describe('generateTrackingNumber', () => {
  it.each(Object.values(CarrierServices))('matches the documented format of %s', (service) => {
    // Prepare
    const random = fixedRandom([7, 3, 9, 1, 4, 8, 2, 6, 5, 0, 11, 25]);

    // Act
    const trackingNumbers = Array.from({ length: 20 }, () =>
      generateTrackingNumber(service, random),
    );

    // Assess
    for (const trackingNumber of trackingNumbers) {
      expect(trackingNumber).toMatch(TRACKING_NUMBER_FORMATS[service]);
    }
  });

  it('is fixed by the random source', () => {
    // Prepare
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];

    // Act
    const numbers = {
      royalMail: generateTrackingNumber(CarrierServices.RoyalMailTracked48, fixedRandom(values)),
      dhlParcel: generateTrackingNumber(CarrierServices.DhlParcel, fixedRandom(values)),
      dhlExpress: generateTrackingNumber(CarrierServices.DhlExpressWorldwide, fixedRandom(values)),
      ups: generateTrackingNumber(CarrierServices.UpsStandard, fixedRandom(values)),
    };

    // Assess
    expect(numbers).toEqual({
      royalMail: `BC34567890${s10CheckDigit('34567890')}GB`,
      dhlParcel: 'JD123456789012345678',
      dhlExpress: `123456789${String(123456789 % 7)}`,
      ups: `1Z8W72K4111234567${upsCheckDigit('8W72K4111234567')}`,
    });
  });

  it('gives Royal Mail numbers whose check digit is valid', () => {
    // Prepare
    const random = fixedRandom([5, 9, 2, 7, 3, 3, 8, 1, 0, 4]);

    // Act
    const trackingNumber = generateTrackingNumber(CarrierServices.RoyalMailTracked48, random);

    // Assess
    expect(trackingNumber.charAt(10)).toBe(s10CheckDigit(trackingNumber.slice(2, 10)));
  });

  it('gives UPS numbers whose check digit is valid', () => {
    // Prepare
    const random = fixedRandom([5, 9, 2, 7, 3, 3, 8]);

    // Act
    const trackingNumber = generateTrackingNumber(CarrierServices.UpsStandard, random);

    // Assess
    expect(trackingNumber.charAt(17)).toBe(upsCheckDigit(trackingNumber.slice(2, 17)));
  });
});
