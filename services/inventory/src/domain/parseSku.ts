import { skuSchema } from '@conveyor/event-types';

/** The SKU of a stock URL, or why it is not one. Same format as the event contract's. */
export const parseSku = (
  value: string | undefined,
):
  | { readonly success: true; readonly sku: string }
  | { readonly success: false; readonly detail: string } => {
  const parsed = skuSchema.safeParse(value ?? '');
  return parsed.success
    ? { success: true, sku: parsed.data }
    : {
        success: false,
        detail: `malformed SKU "${(value ?? '').slice(0, 64)}": ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      };
};
