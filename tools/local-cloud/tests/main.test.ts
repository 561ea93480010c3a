import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isLocalCloudRunning, localCloudIam } from '../src/index.ts';
import { holdPort } from './support/holdPort.ts';
import { type RunningScript, runScript } from './support/runScript.ts';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let script: RunningScript | undefined;

afterEach(() => {
  script?.kill();
  script = undefined;
});

const readyLine =
  /^local cloud ready: sqs\/sns\/s3 http:\/\/127\.0\.0\.1:(\d+) {2}dynamodb http:\/\/127\.0\.0\.1:(\d+) {2}ses http:\/\/127\.0\.0\.1:(\d+) {2}inbox http:\/\/127\.0\.0\.1:(\d+)\/ {2}state in memory$/m;

describe('main.ts (npm run local-cloud)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints one ready line with every endpoint and stops cleanly on %s',
    async (signal) => {
      // Prepare
      script = runScript(mainScript, ['--in-memory', '--ports', '0,0,0']);
      const match = await script.waitForOutput(readyLine);
      const ports = { fauxqs: Number(match[1]), dynamodb: Number(match[2]), ses: Number(match[3]) };
      const runningBefore = await isLocalCloudRunning(ports);

      // Act
      script.child.kill(signal);
      const exit = await script.waitForExit();

      // Assess
      expect(runningBefore).toBe(true);
      expect(match[4]).toBe(match[3]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(script.stdout().match(/local cloud ready/g)).toHaveLength(1);
      expect(await isLocalCloudRunning(ports)).toBe(false);
    },
    30_000,
  );

  it.each([
    [[], true, /^IAM enforced: /m],
    [['--no-iam'], false, /^IAM not enforced \(--no-iam\)/m],
  ] as const)(
    'enforces IAM unless started with --no-iam (flags %j)',
    async (flags, enforcing, line) => {
      // Prepare
      script = runScript(mainScript, ['--in-memory', '--ports', '0,0,0', ...flags]);
      const match = await script.waitForOutput(readyLine);
      await script.waitForOutput(line);

      // Act
      const answer = await localCloudIam(`http://127.0.0.1:${match[1] ?? ''}`).enforcing();
      const unsigned = await fetch(`http://127.0.0.1:${match[1] ?? ''}/any-bucket/any-key`);

      // Assess
      expect(answer).toBe(enforcing);
      expect(unsigned.status).toBe(enforcing ? 403 : 404);
    },
    30_000,
  );

  it('takes its ports from CONVEYOR_LOCAL_PORTS', async () => {
    // Prepare
    const env = { ...process.env, CONVEYOR_LOCAL_PORTS: 'fauxqs=0,dynamodb=0,ses=0' };

    // Act
    script = runScript(mainScript, ['--in-memory'], { env });
    const match = await script.waitForOutput(readyLine);

    // Assess
    expect([match[1], match[2], match[3]]).not.toContain('4566');
    expect(new Set([match[1], match[2], match[3]]).size).toBe(3);
  });

  it('says which port and service clash, in one line, and exits 1', async () => {
    // Prepare
    const held = await holdPort();

    // Act
    script = runScript(mainScript, ['--in-memory', '--ports', `0,${held.port},0`]);
    const exit = await script.waitForExit().finally(() => held.release());

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toBe(
      `local cloud: Port ${held.port} (DynamoDB/dynalite) is already in use. Stop whatever holds it or pass --ports (or CONVEYOR_LOCAL_PORTS) with free ports.\n`,
    );
    expect(script.stdout()).toBe('');
  });

  it('rejects an unknown flag in one line and exits 2', async () => {
    // Prepare
    const args = ['--in-memroy'];

    // Act
    script = runScript(mainScript, args);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(2);
    expect(script.stderr()).toMatch(
      /^local cloud: Unknown option '--in-memroy'.*\(see --help\)\n$/,
    );
  });

  it.each([
    ['an empty --data-dir', ['--data-dir='], 2, /^local cloud: --data-dir needs a folder; /],
    [
      'a port given twice',
      ['--ports', '5566,5566,5568'],
      2,
      /^local cloud: Port 5566 is given to both fauxqs and dynamodb\.\n$/,
    ],
    [
      'a --data-dir that is a file',
      ['--data-dir', mainScript, '--ports', '0,0,0'],
      1,
      /^local cloud: Cannot use \S+main\.ts as the state directory \(EEXIST\): pass --data-dir a folder /,
    ],
  ] as const)('refuses %s in one line', async (_case, args, code, message) => {
    // Act
    script = runScript(mainScript, args);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(code);
    expect(script.stderr()).toMatch(message);
    expect(script.stderr().split('\n')).toHaveLength(2);
  });

  it('prints usage with --help', async () => {
    // Prepare
    const args = ['--help'];

    // Act
    script = runScript(mainScript, args);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(0);
    expect(script.stdout()).toContain('--in-memory');
    expect(script.stdout()).toContain('--data-dir');
    expect(script.stdout()).toContain('--ports');
    expect(script.stdout()).toContain('--no-iam');
  });
});
