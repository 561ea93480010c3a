import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** How a function is configured to run, as Lambda bills it. */
export interface FunctionSizing {
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
}

// The Serverless Framework's defaults when neither the function nor the provider says.
const frameworkDefaults: FunctionSizing = { memoryMb: 1024, architecture: 'x86_64' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A service takes its provider block from the shared file: `${file(../serverless.base.yml):provider}`.
const sharedProviderReference = /^\$\{file\(\.\.\/serverless\.base\.yml\):provider\}$/;

const sizingFrom = (block: Record<string, unknown>, fallback: FunctionSizing, where: string) => {
  const memory = block['memorySize'];
  const architecture = block['architecture'];
  if (memory !== undefined && typeof memory !== 'number') {
    throw new Error(
      `${where}: memorySize ${JSON.stringify(memory)} is not a number the bench can read`,
    );
  }
  if (architecture !== undefined && architecture !== 'arm64' && architecture !== 'x86_64') {
    throw new Error(
      `${where}: architecture ${JSON.stringify(architecture)} is not arm64 or x86_64`,
    );
  }
  return {
    memoryMb: memory ?? fallback.memoryMb,
    architecture: architecture ?? fallback.architecture,
  };
};

/**
 * Each function's memory and architecture from one service's parsed `serverless.yml` and the
 * shared `serverless.base.yml`, keyed `<service>.<function key>`: the function's own setting,
 * else its provider's, else the framework's default.
 *
 * @throws Error for a setting given as a variable the bench cannot resolve.
 */
export const functionSizingOf = (
  service: string,
  serviceYml: unknown,
  baseYml: unknown,
): Map<string, FunctionSizing> => {
  if (!isRecord(serviceYml)) throw new Error(`${service}: serverless.yml is not a mapping`);
  const provider = serviceYml['provider'];
  const providerBlock =
    typeof provider === 'string' && sharedProviderReference.test(provider)
      ? isRecord(baseYml) && isRecord(baseYml['provider'])
        ? baseYml['provider']
        : {}
      : isRecord(provider)
        ? provider
        : {};
  const providerSizing = sizingFrom(providerBlock, frameworkDefaults, `${service} provider`);
  const functions = isRecord(serviceYml['functions']) ? serviceYml['functions'] : {};
  return new Map(
    Object.entries(functions).map(([key, definition]) => [
      `${service}.${key}`,
      sizingFrom(isRecord(definition) ? definition : {}, providerSizing, `${service}.${key}`),
    ]),
  );
};

/** Every function's sizing, from `services/<name>/serverless.yml` and the shared base file. */
export const readFunctionSizing = (servicesDir: string): Map<string, FunctionSizing> => {
  const read = (path: string): unknown => parse(readFileSync(path, 'utf8'), { logLevel: 'silent' });
  const base = read(join(servicesDir, 'serverless.base.yml'));
  const sizing = new Map<string, FunctionSizing>();
  for (const entry of readdirSync(servicesDir, { withFileTypes: true })) {
    const file = join(servicesDir, entry.name, 'serverless.yml');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    for (const [key, value] of functionSizingOf(entry.name, read(file), base))
      sizing.set(key, value);
  }
  return sizing;
};
