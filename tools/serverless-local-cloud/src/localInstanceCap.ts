import { availableParallelism } from 'node:os';

const positiveInteger = (value: unknown): number | undefined => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
};

/**
 * How many instances of a function run at once locally, as the patched serverless-offline pool
 * decides (`tools/patches/serverless-offline+14.8.2.patch`, `#concurrency`; keep the two alike):
 * the lower of its `reservedConcurrency` and the `functionConcurrency` option, which defaults to
 * one per core, at least two. In Lambda every instance has CPU of its own; here all share the
 * machine's cores, and an instance beyond them only adds a cold start and waits for a CPU.
 *
 * @example
 * localInstanceCap({ reservedConcurrency: 5 }, {}, 2); // 2
 * localInstanceCap({ reservedConcurrency: 1 }, {}, 8); // 1
 * localInstanceCap({ reservedConcurrency: 5 }, { functionConcurrency: 4 }, 2); // 4
 */
export const localInstanceCap = (
  functionDefinition: Readonly<Record<string, unknown>> | undefined,
  options: Readonly<Record<string, unknown>>,
  cores: number = availableParallelism(),
): number => {
  const local = positiveInteger(options['functionConcurrency']) ?? Math.max(2, cores);
  const reserved = positiveInteger(functionDefinition?.['reservedConcurrency']);
  return reserved === undefined ? local : Math.min(reserved, local);
};
