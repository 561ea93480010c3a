import { describe, expect, it } from 'vitest';
import { carrierInfo } from './carrierInfo.ts';

describe('carrierInfo', () => {
  it.each([
    ['ROYAL_MAIL', 'Royal Mail'],
    ['DHL', 'DHL'],
    ['UPS', 'UPS'],
  ])('names %s as %s, with a tracking link on the carrier site', (code, name) => {
    // Act
    const carrier = carrierInfo(code, 'AB123456785GB');

    // Assess
    expect(carrier.name).toBe(name);
    expect(carrier.trackingUrl).toMatch(/^https:\/\/www\.[a-z]+\.com\/.*AB123456785GB/);
  });

  it('encodes the tracking number in the link', () => {
    // Act
    const carrier = carrierInfo('UPS', '1Z 8W7&x=1');

    // Assess
    expect(carrier.trackingUrl).toBe(
      'https://www.ups.com/track?loc=en_GB&tracknum=1Z%208W7%26x%3D1',
    );
  });

  it.each(['PIGEON_POST', 'toString', '__proto__'])(
    'falls back to the code itself, without a link, for an unknown code (%s)',
    (code) => {
      // Act
      const carrier = carrierInfo(code, 'PP-42');

      // Assess
      expect(carrier).toEqual({ name: code });
    },
  );
});
