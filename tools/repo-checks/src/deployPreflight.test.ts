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

  it.each([
    [['--stage', 'dev'], 'deploy:preflight: --service missing'],
    [[], 'deploy:preflight: --service and --stage missing'],
    [
      ['--service', 'shipping', '--stage', 'BAD STAGE'],
      'deploy:preflight: Invalid stage "BAD STAGE": use 1-20 lower-case letters, digits or dashes',
    ],
  ])('refuses %j before calling AWS, exit 2', (args, line) => {
    // Act
    const { status, stderr } = run(args);

    // Assess
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe(line);
  });

  it('refuses to check an AWS stage through a local endpoint, exit 2', () => {
    // Act
    const { status, stderr } = spawnSync(
      process.execPath,
      [script, '--service', 'shipping', '--stage', 'dev', '--region', 'eu-west-1'],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      },
    );

    // Assess
    expect(status).toBe(2);
    expect(stderr).toContain('AWS_ENDPOINT_URL is set (http://127.0.0.1:4566)');
  });
});
