import {
  jsonResponse,
  makeHttpHandler,
  parseJsonRequest,
  problemResponse,
} from '@conveyor/lambda-toolkit';
import { putStockItemDeps } from '../compositionRoot.ts';
import { parseSku } from '../domain/parseSku.ts';
import { stockLevelRequestSchema } from '../domain/stockLevelRequest.ts';

const deps = putStockItemDeps();

/**
 * `PUT /inventory/items/{sku}` with `{ "onHand": n }`: sets the SKU's on-hand count (201 when
 * the SKU is new). Refused with 409 below the units already reserved, which would make
 * `available` negative.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event, { logger }) => {
    const sku = parseSku(event.pathParameters?.sku);
    if (!sku.success) {
      return problemResponse(400, {
        detail: 'The SKU in the path is malformed',
        errors: [{ parameter: 'sku', detail: sku.detail }],
      });
    }
    const request = parseJsonRequest(event, stockLevelRequestSchema);
    if (!request.success) return request.response;
    const { onHand } = request.value;
    const result = await deps.setOnHand(sku.sku, onHand);
    if (result.kind === 'below-reserved') {
      const { reserved } = result.level;
      return problemResponse(409, {
        detail: `${sku.sku} has ${reserved} units reserved for open orders; onHand cannot go below that`,
        errors: [
          { pointer: '/onHand', detail: `must be at least ${reserved}, the units reserved` },
        ],
      });
    }
    const { level, created } = result;
    logger.info('Stock level set', { ...level, created });
    return jsonResponse(
      created ? 201 : 200,
      {
        sku: level.sku,
        onHand: level.onHand,
        reserved: level.reserved,
        available: level.available,
      },
      created ? { location: `/inventory/items/${level.sku}` } : {},
    );
  },
});
