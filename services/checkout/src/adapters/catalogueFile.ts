import catalogue from '../../data/catalogue.json' with { type: 'json' };
import type { CatalogueItem, FindCatalogueItems } from '../domain/catalogue.ts';

/** Adapter: the catalogue bundled from `data/catalogue.json`; a lookup costs no I/O. */
export const makeFindCatalogueItems = (
  items: readonly CatalogueItem[] = catalogue.items,
): FindCatalogueItems => {
  const bySku = new Map(items.map((item) => [item.sku, item]));
  return async (skus) =>
    Promise.resolve(
      new Map(
        skus.flatMap((sku) => {
          const item = bySku.get(sku);
          return item === undefined ? [] : [[sku, item] as const];
        }),
      ),
    );
};
