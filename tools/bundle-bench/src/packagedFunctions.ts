import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Where `sls package` (each service's Nx `package` target) leaves its output. */
export const PACKAGE_DIR = '.serverless';

/** A service has no packaged output to read. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
}

/** A CloudFormation template, as far as the bench reads it. */
export interface Template {
  readonly Resources: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
  >;
}

/** One function as `sls package` built it for deployment. */
export interface PackagedFunction {
  /** The service folder's name, such as `shipping`. */
  readonly service: string;
  /** The function's key in serverless.yml, such as `getShipment`. */
  readonly key: string;
  /** Its deployed name, such as `conveyor-shipping-dev-getShipment`. */
  readonly functionName: string;
  /** Lambda's handler setting, such as `src/handlers/getShipment.handler`. */
  readonly handler: string;
  /** The deployment zip. */
  readonly zipPath: string;
  readonly memorySize: number;
  /** Its environment as declared: values may be CloudFormation intrinsics. */
  readonly environment: Readonly<Record<string, unknown>>;
  /** The service's packaged template, to resolve those intrinsics. */
  readonly template: Template;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The services of the repo: every folder under `services/` with a `serverless.yml`. */
export const listServices = (servicesDir: string): readonly string[] =>
  readdirSync(servicesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'serverless.yml')),
    )
    .map((entry) => entry.name)
    .sort();

/** Reads a packaged template; `packageDir` defaults to the service's `.serverless`. */
export const readPackagedTemplate = (
  servicesDir: string,
  service: string,
  packageDir: string = join(servicesDir, service, PACKAGE_DIR),
): Template => {
  const path = join(packageDir, 'cloudformation-template-update-stack.json');
  if (!existsSync(path)) {
    throw new MissingPackageError(
      `${service}: ${path} does not exist; run \`npx nx run ${service}:package\` (the bundle-bench test target does it first)`,
    );
  }
  const template = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!isRecord(template) || !isRecord(template.Resources)) {
    throw new Error(`${path}: not a CloudFormation template`);
  }
  return template as unknown as Template;
};

/**
 * Every function of one packaged service, read from its template (the zip named by each
 * function's `Code.S3Key`, its handler, memory and environment), sorted by key.
 *
 * @example
 * ```ts
 * const functions = readPackagedFunctions(join(repoRoot, 'services'), 'shipping');
 * ```
 */
export const readPackagedFunctions = (
  servicesDir: string,
  service: string,
  packageDir: string = join(servicesDir, service, PACKAGE_DIR),
): PackagedFunction[] => {
  const template = readPackagedTemplate(servicesDir, service, packageDir);
  const functions: PackagedFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = resource.Properties ?? {};
    const { FunctionName, Handler, MemorySize, Code, Environment } = properties;
    const s3Key = isRecord(Code) ? Code.S3Key : undefined;
    if (
      typeof FunctionName !== 'string' ||
      typeof Handler !== 'string' ||
      typeof s3Key !== 'string'
    ) {
      throw new Error(`${service}: function ${logicalId} has no name, handler or code key`);
    }
    const zipPath = join(packageDir, basename(s3Key));
    if (!existsSync(zipPath)) {
      throw new MissingPackageError(
        `${service}: ${zipPath} does not exist; package the service again`,
      );
    }
    const variables =
      isRecord(Environment) && isRecord(Environment.Variables) ? Environment.Variables : {};
    functions.push({
      service,
      key: basename(s3Key, '.zip'),
      functionName: FunctionName,
      handler: Handler,
      zipPath,
      memorySize: typeof MemorySize === 'number' ? MemorySize : 1024,
      environment: variables,
      template,
    });
  }
  return functions.sort((a, b) => a.key.localeCompare(b.key));
};

/** `src/handlers/getShipment.handler` → the bundle's path in the zip and the export to look up. */
export const handlerParts = (
  handler: string,
  outputFileExtension: string,
): { readonly file: string; readonly exportName: string } => {
  const dot = handler.lastIndexOf('.');
  return {
    file: `${handler.slice(0, dot)}${outputFileExtension}`,
    exportName: handler.slice(dot + 1),
  };
};
