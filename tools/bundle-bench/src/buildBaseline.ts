import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { EsbuildSettings } from './esbuildSettings.ts';
import type { ZipEntry } from './zipArchive.ts';

/** The baseline handler's source: one SNS client. */
export const BASELINE_ENTRY = fileURLToPath(
  new URL('./baseline/snsClientHandler.ts', import.meta.url),
);

/** The baseline's Lambda handler setting, as a service would write it. */
export const BASELINE_HANDLER = 'snsClientHandler.handler';

/**
 * Builds the baseline handler with a service's esbuild settings, as serverless-esbuild would
 * (from the service's folder, where relative `alias` paths resolve): the bundle and its source
 * map, named as they would be in the function's zip.
 */
export const buildBaseline = async (
  settings: EsbuildSettings,
  serviceDir: string,
): Promise<ZipEntry[]> => {
  const outdir = '/baseline';
  const result = await build({
    ...settings.options,
    entryPoints: [BASELINE_ENTRY],
    absWorkingDir: serviceDir,
    outdir,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles
    .map((file) => ({
      name: file.path.slice(outdir.length + 1),
      data: Buffer.from(file.contents),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
};
