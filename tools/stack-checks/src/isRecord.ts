/** Whether a parsed JSON value is an object (not an array, not null). */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A CloudFormation or IAM value that may be one item or a list of them, as a list. IAM accepts
 * `"Action": "sqs:SendMessage"` as well as `"Action": ["sqs:SendMessage"]`.
 */
export const toArray = (value: unknown): readonly unknown[] => {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly unknown[]) : [value];
};

/** A number written either as a JSON number or as a numeric string (CloudFormation accepts both). */
export const toNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return undefined;
};

/**
 * A stable text of any JSON value (object keys sorted), to compare intrinsic functions such as
 * two `Fn::Sub` topic ARNs for equality.
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  // JSON.stringify(undefined) gives undefined, though its type says string.
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
};

/**
 * A text a template gives either literally or as the one-string form of `Fn::Sub` (as in
 * `{ 'Fn::Sub': 'conveyor-${Stage}-operations' }`), with its `${...}` left as written;
 * `undefined` for anything else.
 *
 * @example
 * ```ts
 * literalOrSubText({ 'Fn::Sub': 'conveyor-${Stage}-operations' }); // 'conveyor-${Stage}-operations'
 * ```
 */
export const literalOrSubText = (value: unknown): string | undefined => {
  const text = isRecord(value) ? value['Fn::Sub'] : value;
  return typeof text === 'string' ? text : undefined;
};
