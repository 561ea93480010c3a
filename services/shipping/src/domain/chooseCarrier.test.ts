import { describe, expect, it } from 'vitest';
import { chooseCarrier, SMALL_PARCEL_MAX_GRAMS, zoneOf } from './chooseCarrier.ts';

describe('zoneOf', () => {
  it.each([
    ['GB', 'DOMESTIC'],
    ['DE', 'EUROPE'],
    ['CH', 'EUROPE'],
    ['NO', 'EUROPE'],
    ['US', 'NORTH_AMERICA'],
    ['CA', 'NORTH_AMERICA'],
    ['JP', 'WORLD'],
    ['AU', 'WORLD'],
    ['MX', 'WORLD'],
  ])('puts %s in %s', (country, zone) => {
    // Act
    const result = zoneOf(country);

    // Assess
    expect(result).toBe(zone);
  });
});

describe('chooseCarrier', () => {
  it.each([
    ['GB', SMALL_PARCEL_MAX_GRAMS, 'ROYAL_MAIL', 'Royal Mail Tracked 48', 2],
    ['GB', SMALL_PARCEL_MAX_GRAMS + 1, 'DHL', 'DHL Parcel', 1],
    ['FR', 500, 'DHL', 'DHL Parcel', 3],
    ['FR', 25_000, 'DHL', 'DHL Parcel', 3],
    ['US', 500, 'UPS', 'UPS Standard', 5],
    ['CA', 9_000, 'UPS', 'UPS Standard', 5],
    ['JP', 500, 'DHL', 'DHL Express Worldwide', 4],
    ['BR', 9_000, 'DHL', 'DHL Express Worldwide', 4],
  ])('ships %s at %i g with %s (%s, %i days)', (country, weightGrams, carrier, service, days) => {
    // Act
    const choice = chooseCarrier({ country, weightGrams });

    // Assess
    expect(choice).toMatchObject({ carrier, service, transitBusinessDays: days });
  });
});
