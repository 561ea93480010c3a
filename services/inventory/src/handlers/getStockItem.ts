import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getStockItemDeps } from '../compositionRoot.ts';
import { parseSku } from '../domain/parseSku.ts';

const deps = getStockItemDeps();

/** `GET /inventory/items/{sku}`: the SKU's on-hand, reserved and available units. */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const sku = parseSku(event.pathParameters?.sku);
    if (!sku.success) {
      return problemResponse(400, {
        detail: 'The SKU in the path is malformed',
        errors: [{ parameter: 'sku', detail: sku.detail }],
      });
    }
    const level = await deps.getStockLevel(sku.sku);
    if (level === undefined) return problemResponse(404, { detail: `No stock item ${sku.sku}` });
    const { onHand, reserved, available } = level;
    return jsonResponse(200, { sku: sku.sku, onHand, reserved, available });
  },
});
