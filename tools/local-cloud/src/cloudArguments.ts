import { parseArgs } from 'node:util';
import { LocalCloudError } from './errors.ts';
import { parseLocalCloudPorts } from './localCloudPorts.ts';
import type { LocalCloudOptions } from './startLocalCloud.ts';

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
  --help           show this help`;

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
        help: { type: 'boolean', default: false },
        ...Object.fromEntries(extra.map((name) => [name, { type: 'string' as const }])),
      },
    }));
  } catch (error) {
    throw new LocalCloudError(
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
      : parseLocalCloudPorts(
          portsText,
          typeof portsFlag === 'string' ? '--ports' : 'CONVEYOR_LOCAL_PORTS',
        );
  if (inMemory && typeof dataDir === 'string') {
    throw new LocalCloudError('Pass either --data-dir or --in-memory, not both.');
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
