import { describe, expect, it } from 'vitest';
import { isIsoCountry } from './isIsoCountry.ts';

// Codes ICU names that a parcel cannot be addressed to: reserved, withdrawn or not a country.
const NOT_ASSIGNED = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB XK YD YU ZR ZZ'.split(
    ' ',
  ),
);

const everyTwoLetterCode = (): string[] =>
  Array.from({ length: 26 * 26 }, (_, index) =>
    String.fromCharCode(65 + Math.floor(index / 26), 65 + (index % 26)),
  );

describe('isIsoCountry', () => {
  it('accepts exactly the 249 assigned codes: those ICU names, less the reserved and withdrawn', () => {
    // Prepare
    const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const named = (code: string): boolean => {
      try {
        return regionNames.of(code) !== undefined;
      } catch {
        return false;
      }
    };
    const codes = everyTwoLetterCode();

    // Act
    const accepted = codes.filter((code) => isIsoCountry(code));

    // Assess
    expect(accepted).toHaveLength(249);
    expect(accepted).toEqual(codes.filter((code) => named(code) && !NOT_ASSIGNED.has(code)));
  });

  it('refuses lower case, other lengths and the United Kingdom as "UK"', () => {
    // Act
    const refused = ['gb', 'G', 'GBR', '', 'UK', ' GB'].filter((code) => !isIsoCountry(code));

    // Assess
    expect(refused).toHaveLength(6);
  });
});
