import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBundle, handlerEntry } from '../src/analyzeBundle.ts';
import { checkBudget, readBudget } from '../src/bundleBudget.ts';
import { type Deployments, readDeployments } from '../src/deployedBundles.ts';

// The zips of every service's `package` target (Nx runs it first: dependsOn ^package), that is
// the bytes `sls deploy` uploads. Sizes are deterministic; times are the bench's business.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const servicesDir = join(repoRoot, 'services');

let deployments: Deployments;

beforeAll(() => {
  deployments = readDeployments(servicesDir);
});

/** The functions whose deployed bundle holds `text` (a message minifying keeps). */
const bundlesContaining = (text: string): string[] =>
  deployments.bundles
    .filter((bundle) =>
      bundle.entries.find((entry) => entry.name === bundle.bundleFile)?.data.includes(text),
    )
    .map((bundle) => bundle.id);

describe('the bundle budget (bundle-budget.json)', () => {
  it('has limits for exactly the functions the services deploy', () => {
    // Prepare
    const budget = readBudget();

    // Act
    const deployed = deployments.bundles.map((bundle) => bundle.id).sort();

    // Assess
    expect(
      Object.keys(budget.functions).sort(),
      'after adding or removing a function: npm run bench:bundles -- --sizes-only --add-to-budget',
    ).toEqual(deployed);
  });

  it('holds every function: minified bundle, gzipped bundle and zip', () => {
    // Prepare
    const budget = readBudget();

    // Act
    const over = deployments.bundles.flatMap((bundle) =>
      checkBudget(budget, bundle.id, bundle.sizes).map((excess) => `${bundle.id}: ${excess}`),
    );

    // Assess
    expect(
      over,
      'raise a limit only for code the function calls (npm run bench:bundles -- --sizes-only --add-to-budget gives a new function its limits)',
    ).toEqual([]);
  });
});

describe('what the deployed bundles carry', () => {
  it('installs nothing: every zip holds its bundle and source map only', () => {
    // Act
    const extraFiles = deployments.bundles.flatMap((bundle) =>
      bundle.entries
        .map((entry) => entry.name)
        .filter((name) => name !== bundle.bundleFile && name !== `${bundle.bundleFile}.map`)
        .map((name) => `${bundle.id}: ${name}`),
    );

    // Assess
    expect(extraFiles).toEqual([]);
  });

  it('keeps the label renderer and the S3 client out of getShipment', async () => {
    // Prepare
    const settings = deployments.settings.get('shipping');
    const serviceDir = join(servicesDir, 'shipping');
    const shipping = deployments.bundles.filter((bundle) => bundle.packaged.service === 'shipping');

    // Act
    const analyses = new Map<string, { matchesDeployed: boolean; packages: string[] }>();
    for (const bundle of shipping) {
      if (settings === undefined) break;
      const analysis = await analyzeBundle({
        serviceDir,
        repoRoot,
        entry: handlerEntry(serviceDir, bundle.packaged.handler),
        settings,
        deployed:
          bundle.entries.find((entry) => entry.name === bundle.bundleFile)?.data ?? Buffer.alloc(0),
      });
      analyses.set(bundle.id, {
        matchesDeployed: analysis.matchesDeployed,
        packages: analysis.packages.map((share) => share.name),
      });
    }

    // Assess
    const getShipment = analyses.get('shipping.getShipment');
    const onInventoryReserved = analyses.get('shipping.onInventoryReserved');
    expect(getShipment?.matchesDeployed, 'the rebuild is the deployed bundle').toBe(true);
    expect(onInventoryReserved?.matchesDeployed, 'the rebuild is the deployed bundle').toBe(true);
    expect(getShipment?.packages).not.toContain('pdfkit');
    expect(getShipment?.packages).not.toContain('bwip-js');
    // It presigns label URLs without an S3 client: it never calls S3.
    expect(getShipment?.packages).not.toContain('@aws-sdk/client-s3');
    expect(onInventoryReserved?.packages).toContain('@aws-sdk/client-s3');
    expect(onInventoryReserved?.packages).toEqual(expect.arrayContaining(['pdfkit', 'bwip-js']));
    expect(onInventoryReserved?.packages).not.toContain('fontkit');
  });

  it('replaces the SDK credential chain in every bundle', () => {
    // Act
    const withChain = bundlesContaining('Could not load credentials from any providers');

    // Assess
    expect(withChain).toEqual([]);
  });

  it('takes topology.json as its build validated it: no bundle carries the validator', () => {
    // Act: parseTopology's message, which minifying keeps
    const withValidator = bundlesContaining('Invalid topology');

    // Assess
    expect(deployments.bundles.length).toBeGreaterThan(0);
    expect(withValidator).toEqual([]);
  });

  it("bundles zod/mini with its English messages, never zod's classic API", () => {
    // Act: zod names each schema class by a string, which minifying keeps
    const sources = deployments.bundles.map((bundle) => ({
      id: bundle.id,
      source:
        bundle.entries.find((entry) => entry.name === bundle.bundleFile)?.data.toString('utf8') ??
        '',
    }));
    const classic = sources
      .filter(({ source }) => source.includes('"ZodObject"') || source.includes('"ZodString"'))
      .map(({ id }) => id);
    const withoutEnglish = sources
      .filter(({ source }) => !source.includes('Too small: expected'))
      .map(({ id }) => id);

    // Assess
    expect(sources.length).toBeGreaterThan(0);
    expect(classic).toEqual([]);
    expect(withoutEnglish).toEqual([]);
  });
});
