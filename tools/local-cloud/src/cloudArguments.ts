import { parseArgs } from 'node:util';
import { LocalCloudError, LocalCloudUsageError } from './errors.ts';
import { parseLocalCloudPorts } from './localCloudPorts.ts';
import type { LocalCloudOptions } from './startLocalCloud.ts';

/**
 * Runs `parse` on a value of the command line (or the environment that stands in for one), its
 * refusal a {@link LocalCloudUsageError}.
 *
 * @example
 * ```ts
 * const port = asUsageError(() => parseConsolePort(text, '--console-port'));
 * ```
 */
export const asUsageError = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    if (error instanceof LocalCloudError && !(error instanceof LocalCloudUsageError)) {
      throw new LocalCloudUsageError(error.message, { cause: error });
    }
    throw error;
  }
};

/** The command-line options both CLIs share. */
export interface CloudArguments {
  readonly options: LocalCloudOptions;
  readonly help: boolean;
  readonly rest: Readonly<Record<string, string | boolean | undefined>>;
}

/** Usage text of the shared options. */
export const cloudArgumentsUsage = `  --ports LIST     fauxqs=N,dynamodb=N,ses=N (or N,N,N); 0 picks a free port.
                   Default 4566,4567,4568, or CONVEYOR_LOCAL_PORTS.
  --data-dir DIR   where state lives (default <repo>/.local/cloud)
  --in-memory      keep nothing on disk
  --no-iam         do not enforce IAM (functions' roles, queue policies, S3 signatures);
                   for debugging: every call is then allowed, as without a role
  -h, --help       show this help`;

/**
 * The options an `npm start --in-memory` (no `--`) gave to npm instead of the script: npm keeps
 * an unknown flag as its own config, `npm_config_in_memory=true` (`--no-iam` as `npm_config_iam`
 * set empty), and the script would silently run without it.
 */
const swallowedByNpm = (names: readonly string[], env: NodeJS.ProcessEnv): string[] =>
  names
    .filter((name) => {
      const key = (name.startsWith('no-') ? name.slice(3) : name).replaceAll('-', '_');
      return env[`npm_config_${key}`] !== undefined;
    })
    .map((name) => `--${name}`);

/**
 * Parses `--ports`, `--data-dir`, `--in-memory`, `--no-iam`, `--help` (and any `extra` string
 * options) with `CONVEYOR_LOCAL_PORTS` as the fallback for `--ports`. IAM is enforced unless
 * `--no-iam`.
 */
export const parseCloudArguments = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  extra: readonly string[] = [],
): CloudArguments => {
  const swallowed = swallowedByNpm(['ports', 'data-dir', 'in-memory', 'no-iam', ...extra], env);
  if (swallowed.length > 0) {
    const script = env.npm_lifecycle_event;
    const command = script === undefined || script === 'start' ? 'npm start' : `npm run ${script}`;
    throw new LocalCloudUsageError(
      `npm took ${swallowed.join(', ')} as its own config and did not pass ${swallowed.length === 1 ? 'it' : 'them'} on: put the script's options after "--", as in "${command} -- ${swallowed.join(' ')}".`,
    );
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ports: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        'no-iam': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...Object.fromEntries(extra.map((name) => [name, { type: 'string' as const }])),
      },
    }));
  } catch (error) {
    throw new LocalCloudUsageError(
      `${error instanceof Error ? error.message : String(error)} (see --help)`,
    );
  }
  const {
    ports: portsFlag,
    'data-dir': dataDir,
    'in-memory': inMemory,
    'no-iam': noIam,
    help,
    ...rest
  } = values;
  const portsText = typeof portsFlag === 'string' ? portsFlag : env.CONVEYOR_LOCAL_PORTS;
  const ports =
    portsText === undefined || portsText.trim() === ''
      ? undefined
      : asUsageError(() =>
          parseLocalCloudPorts(
            portsText,
            typeof portsFlag === 'string' ? '--ports' : 'CONVEYOR_LOCAL_PORTS',
          ),
        );
  if (typeof dataDir === 'string' && dataDir.trim() === '') {
    throw new LocalCloudUsageError(
      '--data-dir needs a folder; leave it out for <repo>/.local/cloud.',
    );
  }
  if (inMemory && typeof dataDir === 'string') {
    throw new LocalCloudUsageError('Pass either --data-dir or --in-memory, not both.');
  }
  return {
    options: {
      ...(ports === undefined ? {} : { ports }),
      ...(typeof dataDir === 'string' ? { dataDir } : {}),
      ...(inMemory ? { inMemory: true } : {}),
      // The CLIs enforce IAM unless told not to; the programmatic default is off.
      iam: !noIam,
    },
    help,
    rest,
  };
};
