import { GeneratorError } from './GeneratorError.ts';

/** A service name: lower-case kebab-case, as `services/<name>` and topology.json's `consumer`. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A topology key: camelCase letters and digits, as topology.json's topic and queue keys. */
export const KEY_PATTERN = /^[a-z][A-Za-z0-9]*$/;

/** A function name in serverless.yml: letters and digits, starting with a letter. */
export const FUNCTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * `analyticsOrders` → `AnalyticsOrders`.
 *
 * @example
 * ```ts
 * pascalCase('orderEvents'); // 'OrderEvents'
 * ```
 */
export const pascalCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * `order-analytics` → `orderAnalytics`.
 *
 * @example
 * ```ts
 * camelCase('order-analytics'); // 'orderAnalytics'
 * ```
 */
export const camelCase = (text: string): string =>
  text.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * `analyticsOrders` → `analytics-orders`.
 *
 * @example
 * ```ts
 * kebabCase('analyticsOrderEvents'); // 'analytics-order-events'
 * ```
 */
export const kebabCase = (text: string): string =>
  text.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * Checks a name given to a generator against its pattern.
 *
 * @throws GeneratorError naming the option and what it must look like.
 */
export const assertName = (option: string, value: string, pattern: RegExp, shape: string): void => {
  if (!pattern.test(value)) {
    throw new GeneratorError(`--${option} "${value}" must be ${shape}`);
  }
};

/**
 * Splits a comma-separated list given on the command line, dropping blanks and repeats.
 *
 * @example
 * ```ts
 * splitList('order.placed, shipment.created,'); // ['order.placed', 'shipment.created']
 * ```
 */
export const splitList = (text: string): string[] => [
  ...new Set(
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
];
