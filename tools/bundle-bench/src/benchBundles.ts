// `npm run bench:bundles`: every function's bundle as it deploys, against a baseline handler that
// only builds one SNS client. It packages the services through their Nx `package` targets
// (`sls package`, cached), reads each function's zip, builds the baseline with the same esbuild
// settings, then starts every bundle cold in fresh processes with a Lambda environment,
// interleaved, and prints sizes and median init times as ratios to the baseline, the budget
// check, and where each bundle's bytes and init time go. Writes <repo>/.bench/bundles.json.
//
//   --runs N        cold starts per bundle (default 21, 15 to 1000)
//   --sizes-only    no cold starts: sizes, budget and where the bytes go, in seconds
//   --no-package    read the services' packages as they are (.serverless)
//   --isolated      package with `sls package` into .bench/packages instead of through Nx
//                   (the services' own .serverless folders are left alone)
//   --services a,b  only these services
//   --update-budget rewrite bundle-budget.json from these sizes (3% headroom), after a change
//                   that is meant to grow a bundle
//   --add-to-budget give limits (3% headroom) only to functions that have none, as after a
//                   generator, and drop those of functions gone; other limits stay
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeBundle, handlerEntry, type PackageShare } from './analyzeBundle.ts';
import {
  BUDGET_PATH,
  budgetWithNewFunctions,
  checkBudget,
  readBudget,
  writeBudget,
} from './bundleBudget.ts';
import { BASELINE_ENTRY, BASELINE_HANDLER } from './buildBaseline.ts';
import type { BundleSizes } from './bundleSizes.ts';
import {
  type BaselineBundle,
  buildBaselineBundle,
  readDeployments,
  unpackedDir,
} from './deployedBundles.ts';
import { lambdaEnvironment } from './lambdaEnvironment.ts';
import { type InitTarget, measureInitTimes, median } from './measureInit.ts';
import { listServices, MissingPackageError, PACKAGE_DIR } from './packagedFunctions.ts';
import { profileInit, type TimeShare } from './profileInit.ts';
import type { ZipEntry } from './zipArchive.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const servicesDir = join(repoRoot, 'services');
const benchDir = join(repoRoot, '.bench');
const BASELINE_ID = 'baseline (one SNS client)';
const SDK_CHAIN_ID = '  same, SDK credential chain';
const CREDENTIAL_PROVIDER = '@aws-sdk/credential-provider-node';
const PROFILED_RUNS = 5;
const TOP_SHARES = 6;

const usage = `Usage: npm run bench:bundles -- [--runs N] [--sizes-only] [--no-package] [--isolated]
                             [--services a,b] [--update-budget | --add-to-budget]
See tools/bundle-bench/README.md.`;

const parseCommandLine = () => {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string', default: '21' },
        'sizes-only': { type: 'boolean', default: false },
        'no-package': { type: 'boolean', default: false },
        isolated: { type: 'boolean', default: false },
        services: { type: 'string' },
        'update-budget': { type: 'boolean', default: false },
        'add-to-budget': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    // parseArgs throws only for the command line: an unknown option, a missing value.
    console.error(`bench:bundles: ${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
};
const { values: args } = parseCommandLine();
if (args.help) {
  console.log(usage);
  process.exit(0);
}
/** A bad command line: one line, exit 2, before anything is built or timed. */
const refuse = (message: string): never => {
  console.error(`bench:bundles: ${message} (see --help)`);
  process.exit(2);
};
// A median of fewer than 15 cold starts is too noisy to compare with the baseline.
if (!/^\d+$/.test(args.runs) || Number(args.runs) < 15 || Number(args.runs) > 1_000) {
  refuse(`--runs must be a whole number from 15 to 1000, got "${args.runs}"`);
}
const runs = Number(args.runs);
if (args['update-budget'] && args['add-to-budget']) {
  refuse('pass --update-budget or --add-to-budget, not both');
}
if ((args['update-budget'] || args['add-to-budget']) && args.services !== undefined) {
  refuse('--update-budget and --add-to-budget need every service: leave --services out');
}
const allServices = listServices(servicesDir);
const services = args.services?.split(',').map((name) => name.trim()) ?? allServices;
const unknownServices = services.filter((name) => !allServices.includes(name));
if (unknownServices.length > 0) {
  refuse(
    `unknown service(s) ${unknownServices.join(', ')}; the services: ${allServices.join(', ')}`,
  );
}
const sizesOnly = args['sizes-only'];

/** Packages the services as deployment does; returns where each one's package is. */
const packageServices = (): ((service: string) => string) => {
  const inServiceFolder = (service: string): string => join(servicesDir, service, PACKAGE_DIR);
  if (args['no-package']) return inServiceFolder;
  if (args.isolated) {
    const packageDirOf = (service: string): string => join(benchDir, 'packages', service);
    for (const service of services) {
      console.log(`Packaging ${service} (sls package)…`);
      const serverless = join(repoRoot, 'node_modules/serverless/bin/serverless.js');
      const result = spawnSync(
        process.execPath,
        [serverless, 'package', '--package', packageDirOf(service)],
        {
          cwd: join(servicesDir, service),
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, CONVEYOR_ESBUILD_DIR: '.esbuild-bench' },
        },
      );
      if (result.status !== 0) throw new Error(`sls package failed in ${service}`);
    }
    return packageDirOf;
  }
  console.log('Packaging the services (nx run-many -t package, cached)…');
  const nx = join(repoRoot, 'node_modules/.bin/nx');
  const result = spawnSync(
    process.execPath,
    [nx, 'run-many', '-t', 'package', `--projects=${services.join(',')}`, '--outputStyle=static'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { NX_DAEMON: 'false', ...process.env },
    },
  );
  if (result.status !== 0) throw new Error('Packaging failed');
  return inServiceFolder;
};

const unpack = (dir: string, entries: readonly ZipEntry[]): void => {
  rmSync(dir, { recursive: true, force: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data);
  }
};

const bundleOf = (entries: readonly ZipEntry[], file: string): Buffer =>
  entries.find((entry) => entry.name === file)?.data ?? Buffer.alloc(0);

/** Each package's bytes beyond what the baseline has of it, largest first. */
const beyondBaseline = (
  packages: readonly PackageShare[],
  baseline: readonly PackageShare[],
): PackageShare[] => {
  const base = new Map(baseline.map((share) => [share.name, share.bytes]));
  return packages
    .map((share) => ({ name: share.name, bytes: share.bytes - (base.get(share.name) ?? 0) }))
    .filter((share) => share.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
};

const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
const times = (value: number, base: number): string => `${(value / base).toFixed(2)}×`;
const listShares = (shares: readonly { name: string }[], amount: (index: number) => string) =>
  shares
    .slice(0, TOP_SHARES)
    .map((share, index) => `${share.name} ${amount(index)}`)
    .join(', ');

const printTable = (header: readonly string[], rows: readonly (readonly string[])[]): void => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  console.log(line(header));
  for (const cells of rows) console.log(line(cells));
};

const main = async (): Promise<void> => {
  const packageDirOf = packageServices();
  const { bundles, settings } = readDeployments(servicesDir, services, packageDirOf);
  const [firstService] = services;
  const baselineSettings = firstService === undefined ? undefined : settings.get(firstService);
  if (firstService === undefined || baselineSettings === undefined) {
    throw new Error('No service to measure');
  }
  const baselineServiceDir = join(servicesDir, firstService);
  const baseline = await buildBaselineBundle(baselineSettings, baselineServiceDir);
  // What the settings save on the baseline itself by replacing the SDK's credential chain: the
  // same handler built without that substitution, shown for reference (ratios stay against the
  // baseline with the settings as deployed).
  const { [CREDENTIAL_PROVIDER]: credentialProvider, ...otherAliases } =
    baselineSettings.options.alias ?? {};
  const sdkChainBaseline =
    credentialProvider === undefined
      ? undefined
      : await buildBaselineBundle(
          { ...baselineSettings, options: { ...baselineSettings.options, alias: otherAliases } },
          baselineServiceDir,
        );

  // Fresh unpacked copies, the baseline first: what each cold start loads from /var/task.
  const home = join(benchDir, 'bundles', '.home');
  mkdirSync(home, { recursive: true });
  const baselineTarget = (id: string, folder: string, bundle: BaselineBundle): InitTarget => {
    const dir = unpackedDir(benchDir, folder);
    unpack(dir, bundle.entries);
    return {
      id,
      bundlePath: join(dir, bundle.bundleFile),
      exportName: bundle.exportName,
      cwd: dir,
      environment: lambdaEnvironment(
        {
          functionName: `bench-${folder}`,
          handler: BASELINE_HANDLER,
          memorySize: 256,
          taskRoot: dir,
          home,
        },
        // The services' NODE_OPTIONS, nothing else of theirs.
        { NODE_OPTIONS: bundles[0]?.packaged.environment.NODE_OPTIONS ?? '' },
        { Resources: {} },
      ),
    };
  };
  const targets: InitTarget[] = [
    baselineTarget(BASELINE_ID, 'baseline', baseline),
    ...(sdkChainBaseline === undefined
      ? []
      : [baselineTarget(SDK_CHAIN_ID, 'baseline-sdk-chain', sdkChainBaseline)]),
  ];
  for (const bundle of bundles) {
    const dir = unpackedDir(benchDir, bundle.id);
    unpack(dir, bundle.entries);
    const { packaged } = bundle;
    targets.push({
      id: bundle.id,
      bundlePath: join(dir, bundle.bundleFile),
      exportName: bundle.exportName,
      cwd: dir,
      environment: lambdaEnvironment(
        {
          functionName: packaged.functionName,
          handler: packaged.handler,
          memorySize: packaged.memorySize,
          taskRoot: dir,
          home,
        },
        packaged.environment,
        packaged.template,
      ),
    });
  }

  const initTimes = new Map<string, readonly number[]>();
  const profiles = new Map<string, readonly TimeShare[]>();
  if (!sizesOnly) {
    console.log(`Starting ${targets.length} bundles cold, ${runs} times each, interleaved…`);
    const measured = await measureInitTimes(targets, runs, (round) => {
      if (round % 5 === 0 || round === runs) console.log(`  round ${round}/${runs}`);
    });
    for (const [id, values] of measured) initTimes.set(id, values);
    console.log(`Profiling ${PROFILED_RUNS} more cold starts of each…`);
    for (const target of targets) {
      const service = bundles.find((bundle) => bundle.id === target.id)?.packaged.service;
      const ownCode = service === undefined ? 'tools/bundle-bench' : `services/${service}`;
      profiles.set(
        target.id,
        await profileInit(target, PROFILED_RUNS, join(benchDir, 'profiles'), repoRoot, ownCode),
      );
    }
  }
  const initMs = (id: string): number | undefined => {
    const values = initTimes.get(id);
    return values === undefined ? undefined : median(values);
  };
  const baselineMs = initMs(BASELINE_ID);

  const baselineAnalysis = await analyzeBundle({
    serviceDir: baselineServiceDir,
    repoRoot,
    entry: BASELINE_ENTRY,
    settings: baselineSettings,
    deployed: bundleOf(baseline.entries, baseline.bundleFile),
  });
  if (args['update-budget'] || args['add-to-budget']) {
    const sizes = new Map(bundles.map((bundle) => [bundle.id, bundle.sizes]));
    // --update-budget sets every limit anew; --add-to-budget keeps those the file has.
    const kept = args['update-budget'] ? { functions: {} } : readBudget();
    writeBudget(budgetWithNewFunctions(kept, sizes));
    console.log(`Updated ${BUDGET_PATH}`);
  }
  const budget = readBudget();
  const results = [];
  for (const bundle of bundles) {
    const { service, handler } = bundle.packaged;
    const serviceSettings = settings.get(service);
    if (serviceSettings === undefined) continue;
    const serviceDir = join(servicesDir, service);
    const analysis = await analyzeBundle({
      serviceDir,
      repoRoot,
      entry: handlerEntry(serviceDir, handler),
      settings: serviceSettings,
      deployed: bundleOf(bundle.entries, bundle.bundleFile),
    });
    const ms = initMs(bundle.id);
    results.push({
      id: bundle.id,
      functionName: bundle.packaged.functionName,
      sizes: bundle.sizes,
      gzipRatio: bundle.sizes.gzip / baseline.sizes.gzip,
      initMs: ms ?? null,
      initRatio: ms === undefined || baselineMs === undefined ? null : ms / baselineMs,
      initRuns: initTimes.get(bundle.id) ?? [],
      overBudget: checkBudget(budget, bundle.id, bundle.sizes),
      rebuildMatchesDeployed: analysis.matchesDeployed,
      bytesBeyondBaseline: beyondBaseline(analysis.packages, baselineAnalysis.packages),
      packages: analysis.packages,
      initProfile: profiles.get(bundle.id) ?? [],
    });
  }

  const row = (id: string, sizes: BundleSizes, ms: number | undefined, note: string) => [
    id,
    kB(sizes.minified),
    kB(sizes.gzip),
    times(sizes.gzip, baseline.sizes.gzip),
    kB(sizes.zip),
    ms === undefined ? '–' : ms.toFixed(1),
    ms === undefined || baselineMs === undefined ? '–' : times(ms, baselineMs),
    note,
  ];
  console.log('');
  printTable(
    ['function', 'min kB', 'gzip kB', 'gzip ×', 'zip kB', 'init ms', 'init ×', 'budget'],
    [
      row(BASELINE_ID, baseline.sizes, baselineMs, ''),
      ...(sdkChainBaseline === undefined
        ? []
        : [row(SDK_CHAIN_ID, sdkChainBaseline.sizes, initMs(SDK_CHAIN_ID), '(reference)')]),
      ...results.map((result) =>
        row(
          result.id,
          result.sizes,
          result.initMs ?? undefined,
          result.overBudget.length === 0 ? 'ok' : `OVER: ${result.overBudget.join(', ')}`,
        ),
      ),
    ],
  );
  console.log(
    `\n${sizesOnly ? 'No cold starts (--sizes-only)' : `Init: median of ${runs} cold starts each (require of the bundle and handler lookup, fresh process, Lambda environment, NODE_OPTIONS as deployed)`}; gzip at level 9; ${cpus().length} cores, load ${(loadavg()[0] ?? 0).toFixed(1)}.`,
  );
  console.log(
    `\nBeyond the baseline: bytes by package (esbuild metafile, minified kB)${sizesOnly ? '' : `, and where init goes (CPU profiles of ${PROFILED_RUNS} more cold starts, ms, slowed by profiling)`}:`,
  );
  for (const result of results) {
    const bytes = listShares(result.bytesBeyondBaseline, (index) =>
      kB(result.bytesBeyondBaseline[index]?.bytes ?? 0),
    );
    const mismatch = result.rebuildMatchesDeployed ? '' : ' (the rebuild differs from the zip!)';
    console.log(`  ${result.id}${mismatch}\n    +kB: ${bytes}`);
    if (!sizesOnly) {
      const profile = result.initProfile;
      console.log(
        `    ms:  ${listShares(profile, (index) => (profile[index]?.ms ?? 0).toFixed(1))}`,
      );
    }
  }
  if (!sizesOnly) {
    const profile = profiles.get(BASELINE_ID) ?? [];
    console.log(
      `  ${BASELINE_ID}\n    ms:  ${listShares(profile, (index) => (profile[index]?.ms ?? 0).toFixed(1))}`,
    );
  }

  mkdirSync(benchDir, { recursive: true });
  const output = join(benchDir, 'bundles.json');
  writeFileSync(
    output,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        loadAverage: loadavg(),
        runs: sizesOnly ? 0 : runs,
        baseline: {
          sizes: baseline.sizes,
          initMs: baselineMs ?? null,
          initRuns: initTimes.get(BASELINE_ID) ?? [],
          packages: baselineAnalysis.packages,
          initProfile: profiles.get(BASELINE_ID) ?? [],
        },
        baselineWithSdkCredentialChain:
          sdkChainBaseline === undefined
            ? null
            : {
                sizes: sdkChainBaseline.sizes,
                initMs: initMs(SDK_CHAIN_ID) ?? null,
                initRuns: initTimes.get(SDK_CHAIN_ID) ?? [],
              },
        functions: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${output}`);
  if (results.some((result) => result.overBudget.length > 0)) process.exitCode = 1;
};

try {
  await main();
} catch (error) {
  // What a user can act on (a service never packaged, say) in one line; anything else in full.
  if (error instanceof MissingPackageError) {
    console.error(`bench:bundles: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
