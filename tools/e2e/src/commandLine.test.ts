// The scripts themselves, in a child process: they reject a command line before they look for
// a running system, so no local cloud is needed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = (name: string): string => fileURLToPath(new URL(`${name}.ts`, import.meta.url));

const run = (name: string, args: readonly string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script(name), ...args],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : (error.code as number | null), stdout, stderr });
      },
    );
  });

// A node process that loads a script and the SDK takes seconds on a saturated machine: each test
// waits for the exit, bounded by execFile's own timeout, not by the unit suite's 5 s default.
describe.concurrent(
  'the command lines of bench:e2e, bench:burst, drill:poison, demo and iam:report',
  { timeout: 130_000 },
  () => {
    it.each([
      ['benchE2e', 'npm run bench:e2e'],
      ['burstBench', 'npm run bench:burst'],
      ['poisonDrill', 'npm run drill:poison'],
      ['demo', 'npm run demo'],
      ['iamReport', 'npm run iam:report'],
    ])(
      '%s answers an unknown option with one line and its usage, exit 2',
      async (name, command) => {
        // Act
        const { status, stderr } = await run(name, ['--bogus']);

        // Assess
        expect(status).toBe(2);
        expect(stderr.split('\n')[0]).toMatch(/^Unknown option '--bogus'/);
        expect(stderr).toContain(`Usage: ${command}`);
        expect(stderr).not.toMatch(/\n\s+at /);
      },
    );

    it.each([
      [
        'iamReport',
        ['--ports', 'abc'],
        'iam:report: Expected 3 ports (fauxqs,dynamodb,ses) in --ports',
      ],
      [
        'poisonDrill',
        ['--within-seconds', 'abc'],
        '--within-seconds must be a whole number from 1 to 1800',
      ],
      ['poisonDrill', ['--within-seconds'], "Option '--within-seconds <value>' argument missing"],
    ])('%s %j is refused, naming what it takes, exit 2', async (name, args, reason) => {
      // Act
      const { status, stderr } = await run(name, args);

      // Assess
      expect(status).toBe(2);
      expect(stderr.split('\n')[0]).toContain(reason);
    });

    it.each([
      ['poisonDrill', 'Usage: npm run drill:poison -- [--keep] [--within-seconds N]'],
      ['demo', 'Usage: npm run demo'],
      ['iamReport', 'Usage: npm run iam:report -- [--ports'],
    ])('%s --help prints its usage, exit 0', async (name, usage) => {
      // Act
      const { status, stdout } = await run(name, ['--help']);

      // Assess
      expect(status).toBe(0);
      expect(stdout).toContain(usage);
    });

    it.each([
      ['demo', 'demo'],
      ['poisonDrill', 'drill:poison'],
      ['burstBench', 'bench:burst'],
    ])(
      '%s refuses an unreadable CONVEYOR_LOCAL_PORTS in one line, exit 2',
      async (name, script) => {
        // Act
        const { status, stderr } = await run(name, [], { CONVEYOR_LOCAL_PORTS: 'abc' });

        // Assess
        expect(status).toBe(2);
        expect(stderr.trim()).toBe(
          `${script}: Expected 3 ports (fauxqs,dynamodb,ses) in CONVEYOR_LOCAL_PORTS, got "abc".`,
        );
      },
    );
  },
);
