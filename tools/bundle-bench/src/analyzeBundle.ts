import { existsSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import type { EsbuildSettings } from './esbuildSettings.ts';

/** Bytes of a bundle that come from one package (or one workspace project). */
export interface PackageShare {
  readonly name: string;
  readonly bytes: number;
}

/** What a bundle is made of, from esbuild's metafile of the same build. */
export interface BundleAnalysis {
  /** Whether the rebuild gave the deployed bundle byte for byte (so the shares describe it). */
  readonly matchesDeployed: boolean;
  /** Bytes in the bundle by package, largest first. */
  readonly packages: readonly PackageShare[];
}

// serverless-esbuild's default resolve order for a handler's file.
const ENTRY_EXTENSIONS = ['.ts', '.js', '.jsx', '.tsx'];

/**
 * The package an input of the bundle belongs to: `@smithy/core`, `zod`, or for workspace code
 * its project folder (`libs/lambda-toolkit`, `services/shipping`).
 */
export const packageOf = (input: string, workingDir: string, repoRoot: string): string => {
  const path = relative(repoRoot, resolve(workingDir, input)).split(sep).join('/');
  const marker = path.lastIndexOf('node_modules/');
  if (marker === -1) return path.split('/').slice(0, 2).join('/');
  const [first = '', second = ''] = path.slice(marker + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
};

/** A handler setting's source file, such as `src/handlers/getShipment.ts`, as serverless-esbuild finds it. */
export const handlerEntry = (serviceDir: string, handler: string): string => {
  const base = handler.slice(0, handler.lastIndexOf('.'));
  const extension = ENTRY_EXTENSIONS.find((candidate) =>
    existsSync(join(serviceDir, `${base}${candidate}`)),
  );
  if (extension === undefined) throw new Error(`No source for handler ${handler} in ${serviceDir}`);
  return `${base}${extension}`;
};

/**
 * Rebuilds an entry with the settings it was packaged with (from `serviceDir`, as
 * serverless-esbuild does) and esbuild's metafile, and says where its bytes come from.
 * `deployed` is the bundle from the zip: the rebuild must equal it, or the analysis describes
 * some other bundle (and says so).
 */
export const analyzeBundle = async (options: {
  readonly serviceDir: string;
  readonly repoRoot: string;
  /** The entry point, relative to `serviceDir` or absolute. */
  readonly entry: string;
  readonly settings: EsbuildSettings;
  readonly deployed: Buffer;
}): Promise<BundleAnalysis> => {
  const { serviceDir, repoRoot, entry, settings, deployed } = options;
  const result = await build({
    ...settings.options,
    entryPoints: [entry],
    absWorkingDir: serviceDir,
    outdir: join(serviceDir, '.bench-analysis'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const name = basename(entry);
  const bundleName = `${name.slice(0, name.lastIndexOf('.'))}${settings.outputFileExtension}`;
  const output = result.outputFiles.find((file) => basename(file.path) === bundleName);
  const meta = Object.entries(result.metafile.outputs).find(
    ([path]) => basename(path) === bundleName,
  )?.[1];
  if (output === undefined || meta === undefined) throw new Error(`esbuild wrote no ${bundleName}`);
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
    const packageName = packageOf(input, serviceDir, repoRoot);
    bytes.set(packageName, (bytes.get(packageName) ?? 0) + bytesInOutput);
  }
  return {
    matchesDeployed: Buffer.from(output.contents).equals(deployed),
    packages: [...bytes]
      .map(([packageName, packageBytes]) => ({ name: packageName, bytes: packageBytes }))
      .filter((share) => share.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes),
  };
};
