import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleSizes } from './bundleSizes.ts';

/** One function's limits, in bytes. */
export interface SizeLimits {
  readonly minified: number;
  readonly gzip: number;
  readonly zip: number;
}

/** The bundle budget: each function's limits, keyed `<service>.<function key>`. */
export interface BundleBudget {
  readonly functions: Readonly<Record<string, SizeLimits>>;
}

/** The budget file, next to the bench. */
export const BUDGET_PATH = fileURLToPath(new URL('../bundle-budget.json', import.meta.url));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLimits = (value: unknown): value is SizeLimits =>
  isRecord(value) &&
  (['minified', 'gzip', 'zip'] as const).every(
    (key) => typeof value[key] === 'number' && Number.isInteger(value[key]) && value[key] > 0,
  );

/** Reads and checks the budget file. */
export const readBudget = (path: string = BUDGET_PATH): BundleBudget => {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (
    !isRecord(json) ||
    !isRecord(json.functions) ||
    !Object.values(json.functions).every(isLimits)
  ) {
    throw new Error(
      `${path}: expected { "functions": { "<service>.<function>": { "minified", "gzip", "zip" } } } in bytes`,
    );
  }
  return json as unknown as BundleBudget;
};

/** What of a function's sizes exceeds its budget, such as `gzip 130211 > 125000`; empty if none. */
export const checkBudget = (budget: BundleBudget, id: string, sizes: BundleSizes): string[] => {
  const limits = budget.functions[id];
  if (limits === undefined) return ['no budget'];
  return (['minified', 'gzip', 'zip'] as const)
    .filter((key) => sizes[key] > limits[key])
    .map((key) => `${key} ${sizes[key]} > ${limits[key]}`);
};

/** Headroom of a limit over the size it was set from: a few kB, far less than a new client. */
export const BUDGET_HEADROOM = 0.03;

/** A function's limits from its sizes: each size plus the headroom, rounded up to 1 kB. */
export const limitsFor = (sizes: BundleSizes): SizeLimits => {
  const limit = (bytes: number): number => Math.ceil((bytes * (1 + BUDGET_HEADROOM)) / 1000) * 1000;
  return { minified: limit(sizes.minified), gzip: limit(sizes.gzip), zip: limit(sizes.zip) };
};

/**
 * The budget for the functions these sizes are of: a function that has limits keeps them, a
 * new one gets limits from its sizes, and a function no service deploys any more loses its
 * own. From `readBudget()` it is what `--add-to-budget` writes after a generator added
 * functions, so the diff shows only them; from an empty budget, what `--update-budget` writes.
 *
 * @example
 * ```ts
 * const next = budgetWithNewFunctions(readBudget(), new Map([['audit.onAuditInbox', sizes]]));
 * ```
 */
export const budgetWithNewFunctions = (
  budget: BundleBudget,
  sizes: ReadonlyMap<string, BundleSizes>,
): BundleBudget => ({
  functions: Object.fromEntries(
    [...sizes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, size]) => [id, budget.functions[id] ?? limitsFor(size)]),
  ),
});

/** Writes `budget` as the budget file, replacing it (keys as given). */
export const writeBudget = (budget: BundleBudget, path: string = BUDGET_PATH): void => {
  writeFileSync(path, `${JSON.stringify(budget, null, 2)}\n`);
};
