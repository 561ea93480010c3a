import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const serverPackages = /\b(fauxqs|dynalite|aws-ses-v2-local|@cloud-copilot\/iam-simulate)\b/;

// What a fresh Node process resolves while it imports `entry`, as the package's importers do
// (every service's serverless-offline imports the index; the supervisor imports startAll.ts).
const resolvedBy = async (entry: string): Promise<string[]> => {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = [];
    registerHooks({ resolve: (specifier, context, next) => { seen.push(specifier); return next(specifier, context); } });
    await import(${JSON.stringify(fileURLToPath(new URL(entry, import.meta.url)))});
    console.log(JSON.stringify(seen));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
};

// Each test starts a fresh Node process, slow on a busy machine: a generous timeout, no budget.
describe('startLocalCloud on demand', { timeout: 60_000 }, () => {
  it('leaves the servers unloaded for an importer of the package that starts no cloud', async () => {
    // Act
    const resolved = await resolvedBy('./index.ts');

    // Assess: the check sees imports at all, and none of a server's package.
    expect(resolved).toContain('./localCloudEndpointsFor.ts');
    expect(resolved.filter((specifier) => serverPackages.test(specifier))).toEqual([]);
  });

  it('loads them with the implementation, which the servers need', async () => {
    // Act
    const resolved = await resolvedBy('./startLocalCloud.ts');

    // Assess
    expect(resolved.filter((specifier) => serverPackages.test(specifier))).toEqual(
      expect.arrayContaining(['fauxqs', 'dynalite', 'aws-ses-v2-local']),
    );
  });
});
