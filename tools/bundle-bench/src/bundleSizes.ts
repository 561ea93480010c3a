import { gzipSync } from 'node:zlib';
import type { ZipEntry } from './zipArchive.ts';

/** The sizes of one function's deployment, in bytes. */
export interface BundleSizes {
  /** The handler's bundle as it is in the zip (minified). */
  readonly minified: number;
  /** That bundle gzipped at level 9: what a change of code weighs, independent of the zip's level. */
  readonly gzip: number;
  /** The deployment zip. */
  readonly zip: number;
  /** Everything in the zip, unpacked (what Lambda extracts into /var/task). */
  readonly unpacked: number;
  /** How many files the zip holds. */
  readonly files: number;
}

/** Measures a function's deployment from its zip's files. */
export const bundleSizes = (
  entries: readonly ZipEntry[],
  bundleFile: string,
  zipBytes: number,
): BundleSizes => {
  const bundle = entries.find((entry) => entry.name === bundleFile);
  if (bundle === undefined) {
    throw new Error(
      `No ${bundleFile} in the zip; it holds ${entries
        .slice(0, 5)
        .map((entry) => entry.name)
        .join(', ')}…`,
    );
  }
  return {
    minified: bundle.data.length,
    gzip: gzipSync(bundle.data, { level: 9 }).length,
    zip: zipBytes,
    unpacked: entries.reduce((sum, entry) => sum + entry.data.length, 0),
    files: entries.length,
  };
};
