// eslint-disable-next-line no-control-regex -- colours, as a terminal's FORCE_COLOR adds them
const ansi = /\u001b\[[0-9;]*m/g;

const isJsonObject = (text: string): boolean => {
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

/**
 * What a service's log file keeps of one line it printed: a JSON object line (a function's
 * Powertools logger) as printed, so the file reads like the function's CloudWatch log stream;
 * any other line (serverless-offline's own, such as its `(λ: fn) RequestId: … Duration: …`
 * reports, which carry no time) as a JSON object with the time it was captured, without
 * terminal colours. Every line of the file is then one JSON object.
 *
 * @example
 * ```ts
 * toLogFileLine('(λ: getOrder) RequestId: r-1  Duration: 3.2 ms  Billed Duration: 4 ms', new Date());
 * // '{"capturedAt":"2026-…Z","output":"(λ: getOrder) RequestId: r-1  Duration: 3.2 ms  Billed Duration: 4 ms"}'
 * ```
 */
export const toLogFileLine = (line: string, capturedAt: Date): string => {
  const text = line.trim();
  if (isJsonObject(text)) return text;
  return JSON.stringify({ capturedAt: capturedAt.toISOString(), output: line.replace(ansi, '') });
};
