// ICU (in every Node build) names all 249 assigned ISO-3166 alpha-2 codes, plus these reserved,
// withdrawn or non-country codes, which a parcel cannot be addressed to.
const NOT_ASSIGNED = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB XK YD YU ZR ZZ'.split(
    ' ',
  ),
);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Whether `code` is an assigned ISO-3166 alpha-2 country code, in upper case. */
export const isIsoCountry = (code: string): boolean => {
  if (!/^[A-Z]{2}$/.test(code) || NOT_ASSIGNED.has(code)) return false;
  try {
    return regionNames.of(code) !== undefined;
  } catch {
    return false;
  }
};
