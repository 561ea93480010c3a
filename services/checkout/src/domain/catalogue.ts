/** One item of checkout's catalogue. */
export interface CatalogueItem {
  readonly sku: string;
  readonly name: string;
  /** Unit price in minor units, per ISO-4217 currency. */
  readonly prices: Readonly<Record<string, number>>;
  readonly weightGrams: number;
}

/** Port: looks up catalogue items by SKU; unknown SKUs are simply absent from the result. */
export type FindCatalogueItems = (
  skus: readonly string[],
) => Promise<ReadonlyMap<string, CatalogueItem>>;
