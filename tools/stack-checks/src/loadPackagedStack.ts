import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from './isRecord.ts';
import type { PackagedStack } from './packagedStack.ts';
import { parseTemplate } from './parseTemplate.ts';

/** Where `sls package` leaves its output, relative to the service folder. */
export const PACKAGE_DIR = '.serverless';

/** A service has no packaged output to check. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
}

// serverless-state.json writes an object seen before as { $ref: '$["service"]["provider"]...' }.
const resolveStateRef = (root: unknown, value: unknown): unknown => {
  if (!isRecord(value) || typeof value.$ref !== 'string') return value;
  let current = root;
  for (const [, key, index] of value.$ref.matchAll(/\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\]/g)) {
    if (index !== undefined) {
      current = Array.isArray(current) ? (current as readonly unknown[])[Number(index)] : undefined;
    } else {
      current = isRecord(current) ? current[JSON.parse(`"${key ?? ''}"`) as string] : undefined;
    }
  }
  return current;
};

const readJson = (path: string, service: string): unknown => {
  if (!existsSync(path)) {
    throw new MissingPackageError(
      `${service}: ${path} does not exist; run \`npx nx run ${service}:package\` (npm test does it through the stack-checks test target)`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
};

/**
 * Reads one service's packaged template and the parts of its serverless state the rules need
 * (stage, stack tags).
 *
 * @example
 * ```ts
 * const stack = loadPackagedStack(join(repoRoot, 'services'), 'inventory');
 * ```
 */
export const loadPackagedStack = (servicesDir: string, service: string): PackagedStack => {
  const packageDir = join(servicesDir, service, PACKAGE_DIR);
  const template = parseTemplate(
    readJson(join(packageDir, 'cloudformation-template-update-stack.json'), service),
  );
  const state = readJson(join(packageDir, 'serverless-state.json'), service);
  const stateService = isRecord(state) ? state.service : undefined;
  const provider = isRecord(stateService)
    ? resolveStateRef(state, stateService.provider)
    : undefined;
  const stage = isRecord(provider) ? provider.stage : undefined;
  const stackTags = isRecord(provider) ? resolveStateRef(state, provider.stackTags) : undefined;
  return {
    service,
    stage: typeof stage === 'string' ? stage : '',
    template,
    stackTags: isRecord(stackTags) ? stackTags : {},
  };
};

/** The services of the repo: every folder under `services/` with a `serverless.yml`. */
export const listServices = (servicesDir: string): readonly string[] =>
  readdirSync(servicesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'serverless.yml')),
    )
    .map((entry) => entry.name)
    .sort();

/** A service's handler modules (`src/handlers/*.ts`, tests excluded), by path relative to it. */
export const loadHandlerSources = (
  servicesDir: string,
  service: string,
): Readonly<Record<string, string>> => {
  const handlersDir = join(servicesDir, service, 'src', 'handlers');
  if (!existsSync(handlersDir)) return {};
  return Object.fromEntries(
    readdirSync(handlersDir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .sort()
      .map((name) => [`src/handlers/${name}`, readFileSync(join(handlersDir, name), 'utf8')]),
  );
};
