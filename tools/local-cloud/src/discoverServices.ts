import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LocalCloudError } from './errors.ts';
import { repoRoot } from './repoRoot.ts';

/** How a service's `offline` target runs: what `nx run <service>:offline` would run. */
export interface OfflineCommand {
  /** A shell command line, with `{projectRoot}` and `{workspaceRoot}` filled in. */
  readonly command: string;
  /** Where it runs (the target's `cwd`, from the workspace root; the workspace root if unset). */
  readonly cwd: string;
  /** The target's own environment variables. */
  readonly env: Readonly<Record<string, string>>;
}

/** A service that `npm start` runs, with the ports it declares in its project.json. */
export interface LocalService {
  /** Nx project name. */
  readonly name: string;
  /** Its directory. */
  readonly dir: string;
  /** serverless-offline's HTTP port. */
  readonly httpPort: number;
  /** serverless-offline's lambda port. */
  readonly lambdaPort: number;
  /** Its `offline` target. */
  readonly offline: OfflineCommand;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPort = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65_535;

const workspaceRoot = resolve(repoRoot);

const fillTokens = (text: string, dir: string): string =>
  text.replaceAll('{projectRoot}', dir).replaceAll('{workspaceRoot}', workspaceRoot);

// The run-commands shapes Nx accepts for one command: `command` on the target or in `options`.
const readOfflineCommand = (target: unknown, dir: string, where: string): OfflineCommand => {
  const definition = isRecord(target) ? target : {};
  const options = isRecord(definition.options) ? definition.options : {};
  const command = definition.command ?? options.command;
  if (typeof command !== 'string' || command.trim() === '') {
    throw new LocalCloudError(
      `${where} has an offline target without a "command" (npm start runs that command, as nx run-commands would).`,
    );
  }
  const env = isRecord(options.env) ? options.env : {};
  return {
    command: fillTokens(command, dir),
    cwd: resolve(
      workspaceRoot,
      typeof options.cwd === 'string' ? fillTokens(options.cwd, dir) : '.',
    ),
    env: Object.fromEntries(
      Object.entries(env).flatMap(([key, value]) =>
        typeof value === 'string' ? [[key, value] as const] : [],
      ),
    ),
  };
};

const readService = (dir: string, file: string): LocalService | undefined => {
  let project: unknown;
  try {
    project = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LocalCloudError(`Cannot read ${file}: ${String(error)}`, { cause: error });
  }
  if (!isRecord(project) || !isRecord(project.targets) || !('offline' in project.targets)) {
    return undefined;
  }
  const name = typeof project.name === 'string' ? project.name : basename(dir);
  const metadata = isRecord(project.metadata) ? project.metadata : {};
  const localPorts = isRecord(metadata.localPorts) ? metadata.localPorts : {};
  const { http, lambda } = localPorts;
  if (!isPort(http) || !isPort(lambda)) {
    throw new LocalCloudError(
      `${file}: service ${name} has an offline target but no "metadata": { "localPorts": { "http": PORT, "lambda": PORT } }.`,
    );
  }
  return {
    name,
    dir,
    httpPort: http,
    lambdaPort: lambda,
    offline: readOfflineCommand(project.targets.offline, dir, `${file}: service ${name}`),
  };
};

/**
 * Every service under `servicesDir` whose project.json has an `offline` target, sorted by name,
 * after checking that no two of them declare the same port.
 */
export const discoverServices = (servicesDir: string): LocalService[] => {
  if (!existsSync(servicesDir)) return [];
  const services = readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(servicesDir, entry.name))
    .filter((dir) => existsSync(join(dir, 'project.json')))
    .flatMap((dir) => readService(dir, join(dir, 'project.json')) ?? [])
    .sort((a, b) => a.name.localeCompare(b.name));
  const owners = new Map<number, string>();
  for (const service of services) {
    for (const port of [service.httpPort, service.lambdaPort]) {
      const owner = owners.get(port);
      if (owner !== undefined) {
        throw new LocalCloudError(
          `Port ${port} is declared by both ${owner} and ${service.name} (metadata.localPorts).`,
        );
      }
      owners.set(port, service.name);
    }
  }
  return services;
};
