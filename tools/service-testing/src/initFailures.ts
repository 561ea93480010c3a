import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { boundedFetch } from './boundedFetch.ts';

/** A function whose init (loading its handler module) failed under serverless offline. */
export interface InitFailure {
  /** The service it belongs to, as its folder under `services/` names it. */
  readonly service: string;
  /** The function's key in `serverless.yml`. */
  readonly functionKey: string;
  /** The error, with its stack as offline printed it. */
  readonly error: string;
}

/**
 * Set by a test run's global setup to the loopback URL that lists, as JSON, the init failures of
 * the services it runs, for tests in other processes.
 */
export const initFailuresUrlVariable = 'CONVEYOR_TEST_INIT_FAILURES_URL';

// The patched offline's line, and the stack lines under it.
const initFailedLine = /\(λ: (\S+)\) init failed: (.*(?:\n[ \t]+at .*)*)/g;

/**
 * The init failures serverless offline logged in `output` (complete lines only).
 *
 * @example
 * ```ts
 * initFailuresIn('shipping', '(λ: getShipment) init failed: Error: no TABLE_NAME\n    at …');
 * // [{ service: 'shipping', functionKey: 'getShipment', error: 'Error: no TABLE_NAME\n    at …' }]
 * ```
 */
export const initFailuresIn = (service: string, output: string): InitFailure[] =>
  [...stripVTControlCharacters(output).matchAll(initFailedLine)].map(
    ([, functionKey = '', error = '']) => ({ service, functionKey, error }),
  );

/** Services running in this process: their failures need no request to read. */
const localSources = new Set<() => readonly InitFailure[]>();

/**
 * Lists a source of init failures that {@link reportedInitFailure} reads in this process; the
 * returned function removes it.
 */
export const watchInitFailures = (source: () => readonly InitFailure[]): (() => void) => {
  localSources.add(source);
  return () => {
    localSources.delete(source);
  };
};

/**
 * Serves the init failures of `source` on a loopback port and points
 * {@link initFailuresUrlVariable} at it, so that the tests' own processes (started after a
 * global setup, with its environment) stop waiting on a function that cannot load.
 *
 * @example
 * ```ts
 * const served = await serveInitFailures(() => services.flatMap((service) => service.initFailures()));
 * // … at teardown
 * await served.close();
 * ```
 */
export const serveInitFailures = async (
  source: () => readonly InitFailure[],
): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(source()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  process.env[initFailuresUrlVariable] = url;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (process.env[initFailuresUrlVariable] === url) {
          Reflect.deleteProperty(process.env, initFailuresUrlVariable);
        }
        server.close(() => {
          resolve();
        });
      }),
  };
};

/** One line for a test's error: which function failed and why. */
export const describeInitFailure = ({ service, functionKey, error }: InitFailure): string =>
  `${service}'s function ${functionKey} failed its init, so it handles nothing: ${error}`;

/**
 * The first init failure of a service this test run started (in this process, or served by its
 * global setup), or `undefined`. A served list that cannot be read counts as none.
 */
export const reportedInitFailure = async (): Promise<InitFailure | undefined> => {
  for (const source of localSources) {
    const [failure] = source();
    if (failure !== undefined) return failure;
  }
  const url = process.env[initFailuresUrlVariable];
  if (url === undefined) return undefined;
  try {
    const [failure] = (await (await boundedFetch(url)).json()) as InitFailure[];
    return failure;
  } catch {
    return undefined;
  }
};
