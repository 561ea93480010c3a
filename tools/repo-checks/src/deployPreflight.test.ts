// The script itself, in a child process: it refuses a command line before it calls AWS.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('deployPreflight.ts', import.meta.url));

const run = (args: readonly string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });

// A node process that loads the script and the SDK takes seconds on a saturated machine.
describe('deploy:preflight command line', { timeout: 130_000 }, () => {
  it('answers an unknown option with one line and its usage, exit 2', () => {
    // Act
    const { status, stderr } = run(['--service', 'shipping', '--bogus', 'x']);

    // Assess
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe("deploy:preflight: Unknown option '--bogus'");
    expect(stderr).toContain('Usage: npm run deploy:preflight -- --service <');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its usage for --help, exit 0', () => {
    // Act
    const { status, stdout } = run(['--help']);

    // Assess
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: npm run deploy:preflight -- --service <');
  });
});
