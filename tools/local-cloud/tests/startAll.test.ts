import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isLocalCloudRunning, type LocalCloud, startLocalCloud } from '../src/index.ts';
import { holdPort } from './support/holdPort.ts';
import { isAlive, type RunningScript, runScript } from './support/runScript.ts';

const startAllScript = fileURLToPath(new URL('../src/startAll.ts', import.meta.url));

let script: RunningScript | undefined;
let cloud: LocalCloud | undefined;
let servicesDir: string | undefined;

afterEach(async () => {
  script?.kill();
  script = undefined;
  await cloud?.stop();
  cloud = undefined;
  if (servicesDir !== undefined) rmSync(servicesDir, { recursive: true, force: true });
  servicesDir = undefined;
});

const emptyServicesDir = (): string => {
  servicesDir = mkdtempSync(join(tmpdir(), 'local-cloud-services-'));
  return servicesDir;
};

const addService = (dir: string, name: string, project: Record<string, unknown>): void => {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'project.json'), JSON.stringify({ name, ...project }));
};

const descendants = (root: number): number[] => {
  const listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
  const pairs = listing
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const [pid, ppid] of pairs) {
      if (ppid === next && pid !== undefined) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
};

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const port = (output: string, label: string): number =>
  Number(new RegExp(`${label}\\s+http://127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1]);

describe('startAll.ts (npm start)', () => {
  it('with no services, runs the local cloud, prints the table, and stops cleanly with no orphan on SIGTERM', async () => {
    // Prepare
    const dir = emptyServicesDir();
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await script.waitForOutput(/Ctrl-C stops everything\./, 30_000);
    const output = script.stdout();
    const ports = {
      fauxqs: port(output, 'sqs/sns/s3'),
      dynamodb: port(output, 'dynamodb'),
      ses: port(output, 'ses v2'),
    };
    const pid = script.child.pid!;
    const children = descendants(pid);
    const runningBefore = await isLocalCloudRunning(ports);

    // Act
    script.child.kill('SIGTERM');
    const exit = await script.waitForExit(20_000);

    // Assess
    expect(output).toContain('local cloud ready:');
    expect(output).toContain('No services yet');
    expect(output).toMatch(/mail inbox\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(runningBefore).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await isLocalCloudRunning(ports)).toBe(false);
    expect(children.filter(isAlive)).toEqual([]);
    expect(groupAlive(pid)).toBe(false);
  }, 60_000);

  it('refuses to start when a local cloud already runs on its ports', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
    const { fauxqs, dynamodb, ses } = cloud.ports;

    // Act
    script = runScript(startAllScript, [
      '--in-memory',
      '--ports',
      `${fauxqs},${dynamodb},${ses}`,
      '--services-dir',
      emptyServicesDir(),
    ]);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toMatch(
      new RegExp(
        `^npm start: A local cloud is already running on 127.0.0.1 ports ${fauxqs}, ${dynamodb}, ${ses}\\. .*\\n$`,
      ),
    );
  }, 60_000);

  it('names a service whose declared port is taken, before starting anything', async () => {
    // Prepare
    const dir = emptyServicesDir();
    const held = await holdPort();
    addService(dir, 'checkout', {
      targets: { offline: {} },
      metadata: { localPorts: { http: held.port, lambda: 1 } },
    });

    // Act
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir]);
    const exit = await script.waitForExit().finally(() => held.release());

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toContain(`Port ${held.port} (checkout http) is already in use`);
    expect(script.stdout()).toBe('');
  }, 60_000);

  it('names a service with an offline target but no declared ports', async () => {
    // Prepare
    const dir = emptyServicesDir();
    addService(dir, 'inventory', { targets: { offline: {} } });

    // Act
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir]);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toMatch(
      /service inventory has an offline target but no "metadata": \{ "localPorts"/,
    );
  }, 60_000);
});
