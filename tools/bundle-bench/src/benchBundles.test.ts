// The script itself, in a child process: it refuses a command line before it builds anything.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listServices } from './packagedFunctions.ts';

const script = fileURLToPath(new URL('benchBundles.ts', import.meta.url));
// Read, not written out: a team's new service (audit, billing) joins the list.
const services = listServices(fileURLToPath(new URL('../../../services', import.meta.url)));

const run = (args: readonly string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });

// A node process that loads the script and esbuild takes seconds on a saturated machine.
describe('bench:bundles command line', { timeout: 130_000 }, () => {
  it('answers an unknown option with one line and its usage, exit 2', () => {
    // Act
    const { status, stderr } = run(['--bogus']);

    // Assess
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe("bench:bundles: Unknown option '--bogus'");
    expect(stderr).toContain('Usage: npm run bench:bundles -- [--runs N]');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--runs', '3'], '--runs must be a whole number from 15 to 1000, got "3"'],
    [['--runs', 'abc'], '--runs must be a whole number from 15 to 1000, got "abc"'],
    [['--update-budget', '--add-to-budget'], 'pass --update-budget or --add-to-budget, not both'],
    [
      ['--update-budget', '--services', 'checkout'],
      '--update-budget and --add-to-budget need every service',
    ],
    [['--services', 'nosuch'], `unknown service(s) nosuch; the services: ${services.join(', ')}`],
  ])('refuses %j in one line before building anything, exit 2', (args, message) => {
    // Act
    const { status, stdout, stderr } = run(args);

    // Assess
    expect(status).toBe(2);
    expect(stderr).toContain(`bench:bundles: ${message}`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('prints its usage for --help, exit 0', () => {
    // Act
    const { status, stdout } = run(['--help']);

    // Assess
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: npm run bench:bundles -- [--runs N]');
  });
});
