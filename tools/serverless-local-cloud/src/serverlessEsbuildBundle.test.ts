// How serverless-esbuild builds a service's functions, with the repo's patch
// (tools/patches/serverless-esbuild+*.patch): in one esbuild build when no rebuild context is
// kept, each function's output the same bytes as built alone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plugin } from 'esbuild';
import { stopBundlerService } from './stopBundlerService.ts';

/** The part of the plugin's state that `bundle` reads and writes. */
interface BuildContext {
  buildOptions: Record<string, unknown>;
  buildDirPath: string;
  buildCache: Record<string, unknown>;
  plugins: Plugin[];
  functionEntries: { entry: string; func: { handler: string }; functionAlias: string }[];
  prepare: () => void;
  log: { verbose: () => void };
  serverless: { classes: { Error: ErrorConstructor } };
  buildResults?: { bundlePath: string; functionAlias: string }[];
}

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const fromProject = createRequire(new URL('../package.json', import.meta.url));
const pluginRequire = createRequire(fromProject.resolve('serverless-esbuild'));
const { bundle } = pluginRequire('./bundle.js') as {
  bundle: (this: BuildContext) => Promise<void>;
};
const esbuild = pluginRequire('esbuild') as typeof import('esbuild');

let serviceDir = '';

// No esbuild process or service folder outlives a test, a failed one included.
afterEach(async () => {
  await stopBundlerService(projectDir);
  if (serviceDir !== '') rmSync(serviceDir, { recursive: true, force: true });
});

/** A service of two functions sharing a module, and the plugin state `bundle` runs with. */
const serviceOfTwo = (options: Record<string, unknown>) => {
  serviceDir = mkdtempSync(join(tmpdir(), 'esbuild-bundle-'));
  mkdirSync(join(serviceDir, 'src'));
  writeFileSync(
    join(serviceDir, 'src/shared.ts'),
    'export const greet = (name: string): string => `hello ${name}`;\n',
  );
  for (const name of ['first', 'second']) {
    writeFileSync(
      join(serviceDir, `src/${name}.ts`),
      `import { greet } from './shared';\nexport const handler = async () => greet('${name}');\n`,
    );
  }
  const builds = { started: 0 };
  const countBuilds: Plugin = {
    name: 'count-builds',
    setup(build) {
      build.onStart(() => {
        builds.started += 1;
      });
    },
  };
  // esbuild's own options, as serverless-esbuild passes them on.
  const esbuildOptions = {
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    absWorkingDir: serviceDir,
    logLevel: 'silent',
  } as const;
  const context: BuildContext = {
    buildOptions: {
      ...esbuildOptions,
      outputFileExtension: '.cjs',
      exclude: [],
      concurrency: Infinity,
      ...options,
    },
    buildDirPath: join(serviceDir, '.build'),
    buildCache: {},
    plugins: [countBuilds],
    functionEntries: ['first', 'second'].map((name) => ({
      entry: `src/${name}.ts`,
      func: { handler: `src/${name}.handler` },
      functionAlias: name,
    })),
    prepare: () => undefined,
    log: { verbose: () => undefined },
    serverless: { classes: { Error } },
  };
  return { context, builds, esbuildOptions };
};

describe('serverless-esbuild, patched, building a service', () => {
  it('builds all its functions in one esbuild build, each output as built alone', async () => {
    // Prepare
    const { context, builds, esbuildOptions } = serviceOfTwo({ skipRebuild: true });

    // Act
    await bundle.call(context);

    // Assess
    expect(builds.started).toBe(1);
    expect(context.buildResults?.map(({ bundlePath }) => bundlePath)).toEqual([
      'src/first.cjs',
      'src/second.cjs',
    ]);
    for (const name of ['first', 'second']) {
      await esbuild.build({
        ...esbuildOptions,
        entryPoints: [`src/${name}.ts`],
        outdir: join(serviceDir, 'alone'),
        outExtension: { '.js': '.cjs' },
      });
      expect(readFileSync(join(context.buildDirPath, `src/${name}.cjs`), 'utf8')).toBe(
        readFileSync(join(serviceDir, `alone/${name}.cjs`), 'utf8'),
      );
    }
  });

  it('builds each function apart when a metafile per function is wanted', async () => {
    // Prepare
    const { context, builds } = serviceOfTwo({ skipRebuild: true, metafile: true });

    // Act
    await bundle.call(context);

    // Assess
    expect(builds.started).toBe(2);
    const inputsOf = (name: string): string[] => {
      const meta = readFileSync(join(context.buildDirPath, `src/${name}-meta.json`), 'utf8');
      return Object.keys((JSON.parse(meta) as { inputs: Record<string, unknown> }).inputs).sort();
    };
    const inputs = ['first', 'second'].map(inputsOf);
    expect(inputs).toEqual([
      ['src/first.ts', 'src/shared.ts'],
      ['src/second.ts', 'src/shared.ts'],
    ]);
  });
});
