import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { MissingPackageError, PACKAGE_DIR } from './packagedFunctions.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// serverless-esbuild's own keys, which it removes before calling esbuild (its bundle.js).
const PLUGIN_KEYS = [
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
];

/** A service's bundling, as serverless-esbuild resolved and applied it when packaging. */
export interface EsbuildSettings {
  /** The options serverless-esbuild passes to esbuild for every entry point. */
  readonly options: BuildOptions;
  /** The bundle's extension, such as `.cjs`. */
  readonly outputFileExtension: string;
}

// serverless-state.json writes an object seen before as { $ref: '$["service"]["custom"]...' }.
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

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string');

/**
 * The esbuild options a packaged service was built with: its resolved `custom.esbuild` from
 * `.serverless/serverless-state.json`, turned into esbuild options the way serverless-esbuild
 * does it (its own keys removed, `exclude` added to `external`, `outExtension` from
 * `outputFileExtension`).
 */
export const readEsbuildSettings = (
  servicesDir: string,
  service: string,
  packageDir: string = join(servicesDir, service, PACKAGE_DIR),
): EsbuildSettings => {
  const path = join(packageDir, 'serverless-state.json');
  if (!existsSync(path)) {
    throw new MissingPackageError(
      `${service}: ${path} does not exist; run \`npx nx run ${service}:package\``,
    );
  }
  const state = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const stateService = isRecord(state) ? state.service : undefined;
  const custom = isRecord(stateService) ? resolveStateRef(state, stateService.custom) : undefined;
  const configured = isRecord(custom) ? resolveStateRef(state, custom.esbuild) : undefined;
  if (!isRecord(configured)) throw new Error(`${service}: no custom.esbuild in ${path}`);
  // serverless-esbuild's defaults for what the config leaves out (only those esbuild sees).
  const esbuild: Record<string, unknown> = {
    bundle: true,
    platform: 'node',
    external: [],
    exclude: ['aws-sdk'],
    ...configured,
  };
  const outputFileExtension =
    typeof esbuild.outputFileExtension === 'string' ? esbuild.outputFileExtension : '.js';
  const exclude = strings(esbuild.exclude);
  const options: Record<string, unknown> = Object.fromEntries(
    Object.entries(esbuild).filter(([key]) => !PLUGIN_KEYS.includes(key)),
  );
  options.external = [...strings(esbuild.external), ...(exclude.includes('*') ? [] : exclude)];
  if (outputFileExtension !== '.js') options.outExtension = { '.js': outputFileExtension };
  // A plugins file, as serverless-esbuild loads it: a path from the service's folder to a module
  // that exports the array of plugins.
  if (typeof esbuild.plugins === 'string') {
    const require = createRequire(join(servicesDir, service, 'serverless.yml'));
    options.plugins = require(join(servicesDir, service, esbuild.plugins)) as Plugin[];
  }
  return { options, outputFileExtension };
};
