import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINE_HANDLER, buildBaseline } from './buildBaseline.ts';
import { type BundleSizes, bundleSizes } from './bundleSizes.ts';
import { type EsbuildSettings, readEsbuildSettings } from './esbuildSettings.ts';
import {
  handlerParts,
  listServices,
  PACKAGE_DIR,
  type PackagedFunction,
  readPackagedFunctions,
} from './packagedFunctions.ts';
import { readZipEntries, writeZip, type ZipEntry } from './zipArchive.ts';

/** One function's deployment: its zip's files and their sizes. */
export interface DeployedBundle {
  /** `<service>.<function key>`, such as `shipping.getShipment`: its key in the budget. */
  readonly id: string;
  readonly packaged: PackagedFunction;
  readonly entries: readonly ZipEntry[];
  /** The handler's bundle inside the zip, such as `src/handlers/getShipment.cjs`. */
  readonly bundleFile: string;
  readonly exportName: string;
  readonly sizes: BundleSizes;
}

/** The packaged bundles of every service, and the esbuild settings each was built with. */
export interface Deployments {
  readonly bundles: readonly DeployedBundle[];
  readonly settings: ReadonlyMap<string, EsbuildSettings>;
}

/**
 * Reads every function of every packaged service from its deployment zip (the output of each
 * service's `package` target, that is `sls package`): the bytes that deploy, not a rebuild.
 * `packageDirOf` says where a service's package is, by default its `.serverless` folder.
 */
export const readDeployments = (
  servicesDir: string,
  services: readonly string[] = listServices(servicesDir),
  packageDirOf: (service: string) => string = (service) => join(servicesDir, service, PACKAGE_DIR),
): Deployments => {
  const settings = new Map<string, EsbuildSettings>();
  const bundles: DeployedBundle[] = [];
  for (const service of services) {
    const packageDir = packageDirOf(service);
    const serviceSettings = readEsbuildSettings(servicesDir, service, packageDir);
    settings.set(service, serviceSettings);
    for (const packaged of readPackagedFunctions(servicesDir, service, packageDir)) {
      const zip = readFileSync(packaged.zipPath);
      const entries = readZipEntries(zip);
      const { file, exportName } = handlerParts(
        packaged.handler,
        serviceSettings.outputFileExtension,
      );
      bundles.push({
        id: `${service}.${packaged.key}`,
        packaged,
        entries,
        bundleFile: file,
        exportName,
        sizes: bundleSizes(entries, file, zip.length),
      });
    }
  }
  return { bundles, settings };
};

/** The baseline handler's deployment: built with `settings`, zipped as a function's would be. */
export interface BaselineBundle {
  readonly entries: readonly ZipEntry[];
  readonly bundleFile: string;
  readonly exportName: string;
  readonly sizes: BundleSizes;
}

/** Builds and zips the baseline (one SNS client) with a service's esbuild settings. */
export const buildBaselineBundle = async (
  settings: EsbuildSettings,
  serviceDir: string,
): Promise<BaselineBundle> => {
  const entries = await buildBaseline(settings, serviceDir);
  const { file, exportName } = handlerParts(BASELINE_HANDLER, settings.outputFileExtension);
  return {
    entries,
    bundleFile: file,
    exportName,
    sizes: bundleSizes(entries, file, writeZip(entries).length),
  };
};

/** Where a function's zip is unpacked under the bench's output folder. */
export const unpackedDir = (benchDir: string, id: string): string => join(benchDir, 'bundles', id);
