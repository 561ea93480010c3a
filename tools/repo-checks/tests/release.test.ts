// `npm run release` as a team runs it: a tool named in --projects, or a pattern matching only
// tools, is refused in one line before Nx, which would answer it with "please report this as a
// bug". Dry runs only: nothing is written.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const releaseScript = fileURLToPath(new URL('../src/release.ts', import.meta.url));

const release = (args: readonly string[]) =>
  spawnSync(process.execPath, [releaseScript, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
    timeout: 600_000,
  });

describe('npm run release', () => {
  it('refuses a tool in --projects, naming what can be released', () => {
    // Act
    const run = release(['--projects', 'shipping,dlq', '--dry-run']);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^release: dlq is not released: nx\.json "release" takes the projects tagged type:service, type:contracts, type:toolkit \(the tools are not versioned\)\. Releasable: .*\bshipping\b.*\.\n$/,
    );
  });

  it('refuses a pattern that matches only tools, naming what it matched', () => {
    // Act
    const run = release(['--projects', 'tag:type:tool', '--dry-run']);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^release: --projects tag:type:tool matches .*\bdlq\b.*, none of which is released: nx\.json "release" takes the projects tagged /,
    );
    expect(run.stderr).not.toContain('report this as a bug');
  });

  it('passes a releasable project on to nx release, saying first when it has no release tag', () => {
    // Prepare: a clone has the tags its remote gave it; a fresh template has none.
    const tagged =
      spawnSync('git', ['tag', '--list', 'shipping@*', '--merged', 'HEAD'], {
        encoding: 'utf8',
      }).stdout.trim() !== '';

    // Act
    const run = release(['--projects', 'shipping', '--dry-run']);

    // Assess
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('shipping');
    expect(`${run.stdout}${run.stderr}`).toContain('"dryRun" flag means no changes were made');
    if (tagged) {
      expect(run.stderr).not.toContain('no release tag yet');
    } else {
      expect(run.stderr).toMatch(
        /release: shipping has no release tag yet, .*\n {2}git tag -a shipping@\d+\.\d+\.\d+ -m shipping@\d+\.\d+\.\d+\nrelease: a real release stops here; the dry run goes on\.\n/,
      );
    }
  });
});
