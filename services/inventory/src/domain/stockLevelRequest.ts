import * as z from 'zod/mini';
import { MAX_ON_HAND } from './stock.ts';

const onHandMessage = `must be an integer from 0 to ${MAX_ON_HAND}`;

/** The body of `PUT /inventory/items/{sku}`: the absolute on-hand count, so a retry is harmless. */
export const stockLevelRequestSchema = z.strictObject(
  {
    onHand: z
      .number(onHandMessage)
      .check(
        z.int(onHandMessage),
        z.minimum(0, onHandMessage),
        z.maximum(MAX_ON_HAND, onHandMessage),
      ),
  },
  'must be a JSON object with onHand',
);

/** A validated stock level request. */
export type StockLevelRequest = z.output<typeof stockLevelRequestSchema>;
