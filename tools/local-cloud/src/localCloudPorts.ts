import { LocalCloudError, LocalCloudUsageError } from './errors.ts';

/** The TCP ports of the three local servers, all on 127.0.0.1. */
export interface LocalCloudPorts {
  /** fauxqs: SQS, SNS and S3 on one port. */
  readonly fauxqs: number;
  /** dynalite: DynamoDB. */
  readonly dynamodb: number;
  /** aws-ses-v2-local: SES v2 API and its web inbox. */
  readonly ses: number;
}

/** Ports used when none are given: fauxqs 4566, DynamoDB 4567, SES 4568. */
export const defaultLocalCloudPorts: LocalCloudPorts = { fauxqs: 4566, dynamodb: 4567, ses: 4568 };

/** Port of the console page `npm start` serves beside the mail inbox (tools/console). */
export const defaultConsolePort = 4569;

/**
 * Reads the console's port as `--console-port` or `CONVEYOR_CONSOLE_PORT` give it: a port, or
 * `off` for no console (`undefined`).
 */
export const parseConsolePort = (text: string, source: string): number | undefined =>
  text.trim() === 'off' ? undefined : parsePort(text.trim(), source);

/** What each port serves, as shown in messages. */
export const localCloudPortLabels = {
  fauxqs: 'SQS/SNS/S3/fauxqs',
  dynamodb: 'DynamoDB/dynalite',
  ses: 'SES/aws-ses-v2-local',
} as const satisfies Record<keyof LocalCloudPorts, string>;

const portKeys = [
  'fauxqs',
  'dynamodb',
  'ses',
] as const satisfies readonly (keyof LocalCloudPorts)[];

const isPortKey = (key: string): key is keyof LocalCloudPorts =>
  (portKeys as readonly string[]).includes(key);

const parsePort = (text: string, source: string): number => {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new LocalCloudError(`Invalid port "${text}" in ${source}: expected 0-65535.`);
  }
  return port;
};

/**
 * Fills in missing ports with the defaults and rejects a port given to two parts (0, "any free
 * port", may repeat).
 *
 * @throws LocalCloudUsageError for a port out of range or given twice: the CLIs exit 2 for it.
 */
export const resolveLocalCloudPorts = (ports: Partial<LocalCloudPorts> = {}): LocalCloudPorts => {
  const resolved: LocalCloudPorts = { ...defaultLocalCloudPorts, ...ports };
  const seen = new Map<number, keyof LocalCloudPorts>();
  for (const key of portKeys) {
    const port = resolved[key];
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new LocalCloudUsageError(`Invalid port ${String(port)} for ${key}: expected 0-65535.`);
    }
    const other = seen.get(port);
    if (port !== 0 && other !== undefined) {
      throw new LocalCloudUsageError(`Port ${port} is given to both ${other} and ${key}.`);
    }
    seen.set(port, key);
  }
  return resolved;
};

/**
 * Parses `fauxqs=4566,dynamodb=4567,ses=4568` (any subset), or three bare numbers in that order
 * (`4566,4567,4568`), as given to `--ports` or `CONVEYOR_LOCAL_PORTS`.
 */
export const parseLocalCloudPorts = (text: string, source: string): Partial<LocalCloudPorts> => {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) {
    throw new LocalCloudError(`Empty port list in ${source}.`);
  }
  if (parts.every((part) => !part.includes('='))) {
    if (parts.length !== portKeys.length) {
      throw new LocalCloudError(
        `Expected ${portKeys.length} ports (${portKeys.join(',')}) in ${source}, got "${text}".`,
      );
    }
    const [fauxqs = '', dynamodb = '', ses = ''] = parts;
    return {
      fauxqs: parsePort(fauxqs, source),
      dynamodb: parsePort(dynamodb, source),
      ses: parsePort(ses, source),
    };
  }
  const ports: { -readonly [K in keyof LocalCloudPorts]?: number } = {};
  for (const part of parts) {
    const [key = '', value = '', ...rest] = part.split('=').map((piece) => piece.trim());
    if (!isPortKey(key) || rest.length > 0) {
      throw new LocalCloudError(
        `Invalid entry "${part}" in ${source}: expected ${portKeys.map((k) => `${k}=PORT`).join(',')}.`,
      );
    }
    ports[key] = parsePort(value, source);
  }
  return ports;
};

const portsSettingForms =
  'expected {"fauxqs":PORT,"dynamodb":PORT,"ses":PORT} or fauxqs=PORT,dynamodb=PORT,ses=PORT (any subset)';

/**
 * Reads where a running local cloud is, as `CONVEYOR_LOCAL_PORTS` gives it to the tools and the
 * services: JSON such as `{"fauxqs":4566,"dynamodb":4567,"ses":4568}`, or the local cloud's own
 * `fauxqs=4566,dynamodb=4567,ses=4568` form, either with any subset. Missing ports, or an empty
 * or absent value, take the defaults.
 *
 * @example
 * ```ts
 * const ports = readLocalCloudPortsSetting(process.env.CONVEYOR_LOCAL_PORTS, 'CONVEYOR_LOCAL_PORTS');
 * ```
 * @throws LocalCloudError naming the key or value that is wrong, and both forms.
 */
export const readLocalCloudPortsSetting = (
  value: string | undefined,
  source: string,
): LocalCloudPorts => {
  const text = value?.trim() ?? '';
  if (text === '') return defaultLocalCloudPorts;
  if (!text.startsWith('{')) {
    const given = parseLocalCloudPorts(text, source);
    // 0 ("any free port") is for starting a cloud, not for finding one.
    const zero = portKeys.find((key) => given[key] === 0);
    if (zero !== undefined) {
      throw new LocalCloudError(
        `${source}: "${zero}" is 0, which only starting a local cloud takes; give the port it printed.`,
      );
    }
    return { ...defaultLocalCloudPorts, ...given };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LocalCloudError(`${source} is not valid JSON: ${text}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LocalCloudError(`${source}: ${portsSettingForms}; got ${text}`);
  }
  const ports: { -readonly [K in keyof LocalCloudPorts]?: number } = {};
  for (const [key, port] of Object.entries(parsed)) {
    if (!isPortKey(key)) {
      throw new LocalCloudError(`${source}: unknown key "${key}"; ${portsSettingForms}.`);
    }
    // A running cloud's port: 0 ("any free port") is for starting one, not for finding it.
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new LocalCloudError(
        `${source}: "${key}" must be a port from 1 to 65535, got ${JSON.stringify(port)}.`,
      );
    }
    ports[key] = port;
  }
  return { ...defaultLocalCloudPorts, ...ports };
};

/** The inverse of `parseLocalCloudPorts`: `fauxqs=4566,dynamodb=4567,ses=4568`. */
export const formatLocalCloudPorts = (ports: LocalCloudPorts): string =>
  portKeys.map((key) => `${key}=${ports[key]}`).join(',');
