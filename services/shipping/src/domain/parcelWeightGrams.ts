/**
 * Shipping's own unit weights in grams. Events carry no weights, and the catalogue is
 * checkout's; shipping keeps the few it needs to pick a carrier and print the label.
 */
export const UNIT_WEIGHTS_GRAMS: Readonly<Record<string, number>> = {
  'TSHIRT-RED-M': 200,
  'TSHIRT-BLUE-L': 220,
  'MUG-LOGO': 350,
  'HOODIE-GREY-M': 650,
  'POSTER-A2': 150,
  'LAMP-DESK': 1_800,
  'SNEAKER-LTD-42': 1_100,
};

/** Weight assumed for a SKU missing from the table: on the heavy side, so a parcel is never under-declared. */
export const DEFAULT_UNIT_WEIGHT_GRAMS = 500;

/** Box and filling. */
export const PACKAGING_WEIGHT_GRAMS = 150;

/** The parcel's weight: packaging plus, per line, quantity × unit weight. */
export const parcelWeightGrams = (
  lines: readonly { readonly sku: string; readonly quantity: number }[],
): number =>
  lines.reduce(
    (total, line) =>
      total + line.quantity * (UNIT_WEIGHTS_GRAMS[line.sku] ?? DEFAULT_UNIT_WEIGHT_GRAMS),
    PACKAGING_WEIGHT_GRAMS,
  );
