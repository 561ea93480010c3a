// What the topology builds is never written by hand again, a service's serverless.yml stays
// short enough to read as "what is this service's own" (its settings apart from its functions
// short, and each function short, so a service may grow by functions), and a change to a shared
// file it loads reaches every service's cached package and tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAX_LINES_BESIDE_FUNCTIONS = 90;
const MAX_LINES_PER_FUNCTION = 30;

/** The file's lines outside its top-level `functions` block, and each function's lines in it. */
const measure = (text: string): { beside: number; functions: Record<string, number> } => {
  let inFunctions = false;
  let current: string | undefined;
  let beside = 0;
  const functions: Record<string, number> = {};
  for (const line of text.trimEnd().split('\n')) {
    if (/^\S/.test(line)) inFunctions = line.startsWith('functions:');
    if (!inFunctions) {
      beside += 1;
      continue;
    }
    current = /^ {2}([A-Za-z]\w*):/.exec(line)?.[1] ?? current;
    if (current !== undefined) functions[current] = (functions[current] ?? 0) + 1;
  }
  return { beside, functions };
};
const servicesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'services');
const services = readdirSync(servicesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => readdirSync(join(servicesDir, name)).includes('serverless.yml'));
const builtByTheTopology = [
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::CloudWatch::Alarm',
];

describe('services/*/serverless.yml', () => {
  it('finds the services', () => {
    // Assess
    expect(services).toEqual(expect.arrayContaining(['checkout', 'shipping']));
  });

  it.each(services)(
    `%s: at most ${String(MAX_LINES_BESIDE_FUNCTIONS)} lines beside its functions, ${String(MAX_LINES_PER_FUNCTION)} per function, and nothing the topology builds`,
    (name) => {
      // Prepare
      const text = readFileSync(join(servicesDir, name, 'serverless.yml'), 'utf8');

      // Act
      const { beside, functions } = measure(text);
      const longFunctions = Object.entries(functions).filter(
        ([, lines]) => lines > MAX_LINES_PER_FUNCTION,
      );
      const handWritten = builtByTheTopology.filter((type) => text.includes(type));

      // Assess
      expect(Object.keys(functions).length, 'its functions').toBeGreaterThan(0);
      expect(beside, `move shared settings to services/serverless.base.yml`).toBeLessThanOrEqual(
        MAX_LINES_BESIDE_FUNCTIONS,
      );
      expect(
        longFunctions,
        `move shared function settings to services/serverless.base.yml`,
      ).toEqual([]);
      expect(handWritten, 'declare queues, topics and alarms in topology.json').toEqual([]);
    },
  );
});

describe('the shared serverless files', () => {
  const repoRoot = join(servicesDir, '..');
  const readJson = (path: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, unknown>;
  const targetInputs = (project: Record<string, unknown>, target: string): unknown[] => {
    const targets = project['targets'] as Record<string, { inputs?: unknown[] }>;
    return targets[target]?.inputs ?? [];
  };

  it("are all in nx.json's serverlessBase input: serverless.base.yml and what it loads", () => {
    // Prepare
    const base = readFileSync(join(servicesDir, 'serverless.base.yml'), 'utf8');
    const namedInputs = readJson('nx.json')['namedInputs'] as Record<string, unknown[]>;

    // Act
    const loaded = [
      'serverless.base.yml',
      ...[...base.matchAll(/\.\.\/(serverless\.base\.[\w.]+)/g)].map((match) => match[1]),
    ];

    // Assess
    expect(loaded).toContain('serverless.base.esbuildPlugins.cjs');
    expect(namedInputs['serverlessBase']).toEqual(
      expect.arrayContaining(loaded.map((file) => `{workspaceRoot}/services/${String(file)}`)),
    );
  });

  it.each(services)("are inputs of %s's package and test targets", (name) => {
    // Prepare
    const project = readJson(`services/${name}/project.json`);

    // Act
    const inputs = ['package', 'test'].map((target) => targetInputs(project, target));

    // Assess
    expect(inputs).toEqual([
      expect.arrayContaining(['serverlessBase']),
      expect.arrayContaining(['serverlessBase']),
    ]);
  });
});
