import {
  defaultLocalCloudPorts,
  type LocalCloudPorts,
  localCloudPortLabels,
} from '@conveyor/local-cloud';
import { getProjects, type Tree } from '@nx/devkit';
import { GeneratorError } from './GeneratorError.ts';

/** One port `npm start` binds on 127.0.0.1, and what binds it. */
export interface LocalPort {
  readonly port: number;
  /** Such as `checkout http` or `local cloud fauxqs`. */
  readonly owner: string;
}

/** A service's two serverless-offline ports. */
export interface ServicePorts {
  readonly http: number;
  readonly lambda: number;
}

/** Where new services' HTTP ports start. */
export const FIRST_HTTP_PORT = 3001;
/** How far above its HTTP port a service's lambda port is. */
export const LAMBDA_PORT_OFFSET = 100;

const isPort = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65_535;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The one list of local ports: each project's `metadata.localPorts` in its project.json (what
 * `serverless.base.yml` gives serverless-offline and what `npm start` reads), plus the local
 * cloud's default ports. No other file holds a service's port.
 *
 * @throws GeneratorError when a project declares `localPorts` without two valid ports.
 */
export const readLocalPorts = (tree: Tree): LocalPort[] => {
  const parts = Object.keys(localCloudPortLabels) as (keyof LocalCloudPorts)[];
  const ports: LocalPort[] = parts.map((part) => ({
    port: defaultLocalCloudPorts[part],
    owner: `local cloud ${localCloudPortLabels[part]}`,
  }));
  for (const [name, project] of [...getProjects(tree)].sort(([a], [b]) => a.localeCompare(b))) {
    const localPorts: unknown = project.metadata?.['localPorts'];
    if (localPorts === undefined) continue;
    const { http, lambda } = isRecord(localPorts) ? localPorts : {};
    if (!isPort(http) || !isPort(lambda)) {
      throw new GeneratorError(
        `${project.root}/project.json: metadata.localPorts must be { "http": PORT, "lambda": PORT }`,
      );
    }
    ports.push({ port: http, owner: `${name} http` }, { port: lambda, owner: `${name} lambda` });
  }
  return ports;
};

/**
 * Every port two owners claim, one line each.
 *
 * @example
 * ```ts
 * findPortClashes([{ port: 3001, owner: 'a http' }, { port: 3001, owner: 'b http' }]);
 * // ['port 3001: a http and b http']
 * ```
 */
export const findPortClashes = (ports: readonly LocalPort[]): string[] => {
  const owners = new Map<number, string[]>();
  for (const { port, owner } of ports) owners.set(port, [...(owners.get(port) ?? []), owner]);
  return [...owners]
    .filter(([, claimants]) => claimants.length > 1)
    .map(([port, claimants]) => `port ${port}: ${claimants.join(' and ')}`);
};

/**
 * @throws GeneratorError listing every port claimed twice.
 */
export const assertNoPortClash = (ports: readonly LocalPort[]): void => {
  const clashes = findPortClashes(ports);
  if (clashes.length > 0) {
    throw new GeneratorError(
      `Local ports clash (metadata.localPorts in project.json, and the local cloud's defaults): ${clashes.join('; ')}`,
    );
  }
};

/**
 * The ports of a new service: `wanted` if given and free, else the lowest HTTP port from
 * {@link FIRST_HTTP_PORT} whose lambda port (+ {@link LAMBDA_PORT_OFFSET}) is free as well.
 *
 * @throws GeneratorError when `wanted` clashes with a port in `taken`, or a port is out of range.
 */
export const allocateServicePorts = (
  taken: readonly LocalPort[],
  name: string,
  wanted?: Partial<ServicePorts>,
): ServicePorts => {
  const used = new Set(taken.map(({ port }) => port));
  let http = wanted?.http ?? FIRST_HTTP_PORT;
  if (wanted?.http === undefined) {
    while (used.has(http) || used.has(http + LAMBDA_PORT_OFFSET)) http += 1;
  }
  const ports = { http, lambda: wanted?.lambda ?? http + LAMBDA_PORT_OFFSET };
  for (const [kind, port] of Object.entries(ports)) {
    if (!isPort(port)) {
      throw new GeneratorError(
        `${name}'s ${kind} port would be ${String(port)}: a port is 1 to 65535${kind === 'lambda' && wanted?.lambda === undefined ? ` (the lambda port is --httpPort + ${String(LAMBDA_PORT_OFFSET)} unless --lambdaPort is given)` : ''}`,
      );
    }
  }
  assertNoPortClash([
    ...taken,
    { port: ports.http, owner: `${name} http` },
    { port: ports.lambda, owner: `${name} lambda` },
  ]);
  return ports;
};
