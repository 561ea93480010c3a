import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isLocalCloudRunning,
  type LocalCloud,
  readLocalRunStats,
  startLocalCloud,
} from '../src/index.ts';
import { localCloudEndpointsFor } from '../src/localCloudEndpointsFor.ts';
import { supervisorPidVariable } from '../src/watchSupervisor.ts';
import { addFakeService, addService, newServicesDir } from './support/fakeServices.ts';
import { holdPort } from './support/holdPort.ts';
import { localClients } from './support/localClients.ts';
import { commandLine, descendants } from './support/processTree.ts';
import { isAlive, type RunningScript, runScript } from './support/runScript.ts';
import { waitFor } from './support/waitFor.ts';
import { patience } from './support/patience.ts';

const startAllScript = fileURLToPath(new URL('../src/startAll.ts', import.meta.url));

let script: RunningScript | undefined;
// Another npm start beside `script`, in the tests of two at once.
let first: RunningScript | undefined;
let cloud: LocalCloud | undefined;
const dirs: string[] = [];

afterEach(async () => {
  for (const running of [script, first]) {
    const pid = running?.child.pid;
    // SIGKILL ends it even if a test left it stopped (SIGSTOP).
    const family = pid === undefined ? [] : descendants(pid);
    running?.kill();
    for (const leftover of family) {
      try {
        process.kill(leftover, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  script = undefined;
  first = undefined;
  await cloud?.stop();
  cloud = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const servicesDir = (): string => {
  const dir = newServicesDir();
  dirs.push(dir);
  return dir;
};

const tempDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'local-cloud-state-'));
  dirs.push(dir);
  return dir;
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

const cloudPortsIn = (output: string) => ({
  fauxqs: port(output, 'sqs/sns/s3'),
  dynamodb: port(output, 'dynamodb'),
  ses: port(output, 'ses v2'),
});

const readyTable = /Ctrl-C stops everything\./;

/** The pid of the local cloud child of a running startAll. */
const cloudChildOf = (pid: number): number => {
  const found = descendants(pid).find((child) => commandLine(child).includes('src/main.ts'));
  if (found === undefined) throw new Error(`no local cloud process below ${pid}`);
  return found;
};

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe('startAll.ts (npm start)', () => {
  it('with no services, runs the local cloud in a child process, prints the table, and stops cleanly with no orphan on SIGTERM', async () => {
    // Prepare
    const dir = servicesDir();
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await script.waitForOutput(readyTable, patience.startup);
    const output = script.stdout();
    const ports = cloudPortsIn(output);
    const pid = script.child.pid!;
    const children = descendants(pid);
    const cloudChild = cloudChildOf(pid);
    const runningBefore = await isLocalCloudRunning(ports);

    // Act
    script.child.kill('SIGTERM');
    const exit = await script.waitForExit(patience.outcome);

    // Assess
    expect(output).toContain('[local cloud] local cloud ready:');
    expect(output).toContain('No services yet');
    expect(output).toMatch(/mail inbox\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(runningBefore).toBe(true);
    expect(children).toContain(cloudChild);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await isLocalCloudRunning(ports)).toBe(false);
    expect(children.filter(isAlive)).toEqual([]);
    expect(groupAlive(pid)).toBe(false);
  });

  it.each([
    ['as npm run local-cloud runs it, at once', true],
    ['with --no-iam', false],
  ])('refuses to start when a local cloud already runs on its ports (%s)', async (_case, iam) => {
    // Prepare
    cloud = await startLocalCloud({
      inMemory: true,
      iam,
      ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
    });
    const { fauxqs, dynamodb, ses } = cloud.ports;

    // Act
    script = runScript(startAllScript, [
      '--in-memory',
      '--ports',
      `${fauxqs},${dynamodb},${ses}`,
      '--services-dir',
      servicesDir(),
      '--port-wait',
      '1',
    ]);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toMatch(
      new RegExp(
        `^npm start: A local cloud is already running on 127.0.0.1 ports ${fauxqs}, ${dynamodb}, ${ses} \\(another npm start's, or npm run local-cloud's\\)\\. .*stop the other one first.*\\n$`,
      ),
    );
    // One that enforces IAM keeps stats that show no npm start: no wait for its ports to free.
    // One run with --no-iam keeps none, so npm start waits in case it is a stopping npm start's.
    expect(script.stdout().includes('in use: waiting up to')).toBe(!iam);
  });

  it('refuses at once, naming its pid, when another npm start runs on its ports', async () => {
    // Prepare
    const dir = servicesDir();
    await addFakeService(dir, 'steady', 'ready');
    first = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await first.waitForOutput(readyTable, patience.startup);
    const { fauxqs, dynamodb, ses } = cloudPortsIn(first.stdout());

    // Act
    script = runScript(startAllScript, [
      '--in-memory',
      '--ports',
      `${fauxqs},${dynamodb},${ses}`,
      '--services-dir',
      dir,
      '--port-wait',
      '30',
    ]);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stdout()).not.toContain('waiting up to');
    expect(script.stderr()).toMatch(
      new RegExp(
        `^npm start: npm start is already running here \\(pid ${String(first.child.pid)}, started \\S+\\)\\. Stop it first \\(Ctrl-C where it runs, or kill ${String(first.child.pid)}\\): .*two npm starts cannot run side by side\\.\\n$`,
      ),
    );
  });

  it('waits for an npm start that is stopping, then starts', async () => {
    // Prepare: its service ignores SIGTERM, so it stops only at its grace's end, its local
    // cloud last
    const dir = servicesDir();
    await addFakeService(dir, 'stubborn', 'stubborn');
    first = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await first.waitForOutput(readyTable, patience.startup);
    const ports = cloudPortsIn(first.stdout());
    first.child.kill('SIGINT');
    await waitFor(
      async () =>
        (await readLocalRunStats(localCloudEndpointsFor(ports).sqs))?.npmStart?.stopping === true,
      'the first npm start reported stopping',
    );
    // Held in its stop (its parts and local cloud still up, their ports taken) until the second
    // has looked: a busy machine may take longer to start it than the stop's grace.
    process.kill(first.child.pid!, 'SIGSTOP');

    // Act
    script = runScript(
      startAllScript,
      [
        '--in-memory',
        '--ports',
        `${ports.fauxqs},${ports.dynamodb},${ports.ses}`,
        '--services-dir',
        dir,
        '--port-wait',
        '600',
      ],
      { detached: true },
    );
    await script.waitForOutput(
      /in use: waiting up to 600 s in case a previous npm start/,
      patience.startup,
    );
    process.kill(first.child.pid!, 'SIGCONT');
    await script.waitForOutput(readyTable, patience.startup);

    // Assess
    expect(script.stderr()).not.toContain('already running');
    expect(await first.waitForExit()).toEqual({ code: 0, signal: null });
  });

  it('names a service whose declared port stays taken, before starting anything', async () => {
    // Prepare
    const dir = servicesDir();
    const held = await holdPort();
    addService(dir, 'checkout', {
      targets: { offline: { command: 'sls offline start' } },
      metadata: { localPorts: { http: held.port, lambda: 1 } },
    });

    // Act
    script = runScript(startAllScript, [
      '--in-memory',
      '--ports',
      '0,0,0',
      '--services-dir',
      dir,
      '--port-wait',
      '1',
    ]);
    const exit = await script.waitForExit().finally(() => held.release());

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toContain(
      `Port ${held.port} (checkout http) is already in use. Stop whatever holds it or give checkout other ports (metadata.localPorts in its project.json).`,
    );
    expect(script.stdout()).toBe(
      `Port(s) ${held.port} in use: waiting up to 1 s in case a previous npm start is still stopping.\n`,
    );
  });

  it('waits for a port that a stopping npm start still holds, then starts', async () => {
    // Prepare: the port is released once npm start says it waits, as a killed start's part does
    const dir = servicesDir();
    const held = await holdPort();
    const servicePort = await addFakeService(dir, 'late', 'ready', { httpPort: held.port });
    // A wait as long as the test's patience: a saturated machine may take a while to release it.
    script = runScript(
      startAllScript,
      ['--in-memory', '--ports', '0,0,0', '--services-dir', dir, '--port-wait', '600'],
      { detached: true },
    );
    await script.waitForOutput(/in use: waiting up to 600 s/, patience.startup);

    // Act
    await held.release();
    await script.waitForOutput(readyTable, patience.startup);

    // Assess
    expect(servicePort).toBe(held.port);
    expect(script.stdout()).toContain(
      `Port(s) ${held.port} in use: waiting up to 600 s in case a previous npm start is still stopping.`,
    );
    expect(script.stderr()).not.toContain('already in use');
  });

  it.each(['-1', 'soon', ''])('refuses --port-wait %j, naming it, and exits 2', async (value) => {
    // Act
    script = runScript(startAllScript, [
      '--in-memory',
      '--ports',
      '0,0,0',
      '--services-dir',
      servicesDir(),
      `--port-wait=${value}`,
    ]);
    const exit = await script.waitForExit();

    // Assess: 2, a command line it cannot run, as the project's other CLIs
    expect(exit.code).toBe(2);
    expect(script.stderr()).toBe(
      `npm start: Invalid --port-wait "${value}": expected seconds, 0 to 3600.\n`,
    );
  });

  it('names a service with an offline target but no declared ports', async () => {
    // Prepare
    const dir = servicesDir();
    addService(dir, 'inventory', { targets: { offline: { command: 'sls offline start' } } });

    // Act
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir]);
    const exit = await script.waitForExit();

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toMatch(
      /service inventory has an offline target but no "metadata": \{ "localPorts"/,
    );
  });

  it('exits 1 when a service fails to start, naming it and its output, and leaves nothing running', async () => {
    // Prepare
    const dir = servicesDir();
    await addFakeService(dir, 'good', 'ready');
    await addFakeService(dir, 'broken', 'crash');

    // Act
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    const exit = await script.waitForExit(patience.outcome);

    // Assess
    expect(exit.code).toBe(1);
    expect(script.stderr()).toMatch(
      /^npm start: Service broken exited with code 3 before it was ready\. Its last output:\n(.|\n)*\| boom: cannot compile handler/,
    );
    expect(groupAlive(script.child.pid!)).toBe(false);
    expect(descendants(script.child.pid!)).toEqual([]);
  });

  it('restarts a service that dies, with one line saying so', async () => {
    // Prepare
    const dir = servicesDir();
    await addFakeService(dir, 'steady', 'ready');
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await script.waitForOutput(readyTable, patience.startup);
    const service = descendants(script.child.pid!).find((pid) =>
      commandLine(pid).includes('fakeService.ts ready'),
    );

    // Act
    process.kill(service!, 'SIGKILL');
    await script.waitForOutput(/\[steady\s*\] exited \(code 137\); restarting it in 1 s\./);
    await waitFor(
      () => count(script?.stdout() ?? '', /\[steady\s*\] Server ready/g) === 2,
      'the service ready again',
    );

    // Assess: said once, padded like the part's own lines, and kept in the part's log file
    expect(isAlive(service!)).toBe(false);
    expect(count(script.stdout(), /restarting it/g)).toBe(1);
    expect(script.stdout()).toMatch(
      /^\[steady {5}\] exited \(code 137\); restarting it in 1 s\.$/m,
    );
    const kept = readFileSync(join(dir, '.local', 'logs', 'steady.log'), 'utf8');
    expect(kept).toContain('exited (code 137); restarting it in 1 s.');
  });

  it.runIf(process.platform === 'linux')(
    "gives its services and the local cloud fixed glibc malloc settings and Node's compile cache, unless the operator set their own",
    async () => {
      // Prepare
      const dir = servicesDir();
      await addFakeService(dir, 'steady', 'ready');
      const ownCache = tempDataDir();
      const setting = /^(MALLOC_|GLIBC_TUNABLES|NODE_COMPILE_CACHE|NODE_DISABLE_COMPILE_CACHE)/;
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !setting.test(name)),
      );
      const environOf = (pid: number): string[] =>
        readFileSync(`/proc/${String(pid)}/environ`, 'utf8').split('\0');
      const settingsOf = async (extra: NodeJS.ProcessEnv): Promise<string[][]> => {
        script = runScript(
          startAllScript,
          ['--in-memory', '--ports', '0,0,0', '--services-dir', dir],
          { detached: true, env: { ...env, ...extra } },
        );
        await script.waitForOutput(readyTable, patience.startup);
        const root = script.child.pid!;
        const service = descendants(root).find((pid) =>
          commandLine(pid).includes('fakeService.ts ready'),
        );
        const found = [service!, cloudChildOf(root)].map((pid) =>
          environOf(pid)
            .filter((entry) => setting.test(entry))
            .sort(),
        );
        script.child.kill('SIGTERM');
        await script.waitForExit(patience.outcome);
        return found;
      };

      // Act
      const byDefault = await settingsOf({});
      const withOwn = await settingsOf({ GLIBC_TUNABLES: '', NODE_COMPILE_CACHE: ownCache });

      // Assess
      const fixed = [
        'MALLOC_ARENA_MAX=2',
        'MALLOC_MMAP_THRESHOLD_=131072',
        `NODE_COMPILE_CACHE=${join(tmpdir(), 'node-compile-cache')}`,
      ];
      expect(byDefault).toEqual([fixed, fixed]);
      const own = ['GLIBC_TUNABLES=', `NODE_COMPILE_CACHE=${ownCache}`];
      expect(withOwn).toEqual([own, own]);
      // Node wrote the code its parts compiled there when they stopped.
      expect(readdirSync(ownCache, { recursive: true }).length).toBeGreaterThan(1);
    },
    120_000,
  );

  it.runIf(process.platform === 'linux')(
    'names itself to its services as the supervisor they watch, over an inherited value',
    async () => {
      // Prepare
      const dir = servicesDir();
      await addFakeService(dir, 'steady', 'ready');
      script = runScript(
        startAllScript,
        ['--in-memory', '--ports', '0,0,0', '--services-dir', dir],
        // An inherited value (a shell under another npm start) must not reach the services.
        { detached: true, env: { ...process.env, [supervisorPidVariable]: '1' } },
      );
      await script.waitForOutput(readyTable, patience.startup);
      const root = script.child.pid!;
      const service = descendants(root).find((pid) =>
        commandLine(pid).includes('fakeService.ts ready'),
      );
      const variableOf = (pid: number): string[] =>
        readFileSync(`/proc/${String(pid)}/environ`, 'utf8')
          .split('\0')
          .filter((entry) => entry.startsWith(`${supervisorPidVariable}=`));

      // Act
      const found = variableOf(service!);

      // Assess
      expect(found).toEqual([`${supervisorPidVariable}=${String(root)}`]);
    },
    120_000,
  );

  it('restarts the local cloud after a SIGKILL, on the same ports, with its state', async () => {
    // Prepare
    const dataDir = tempDataDir();
    script = runScript(
      startAllScript,
      ['--data-dir', dataDir, '--ports', '0,0,0', '--services-dir', servicesDir()],
      { detached: true },
    );
    await script.waitForOutput(readyTable, patience.startup);
    const ports = cloudPortsIn(script.stdout());
    const clients = localClients(localCloudEndpointsFor(ports));
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'accepted before' }));
    const cloudChild = cloudChildOf(script.child.pid!);

    // Act
    process.kill(cloudChild, 'SIGKILL');
    await script.waitForOutput(/\[local cloud\] exited \(SIGKILL\); restarting it in 1 s\./);
    await waitFor(() => isLocalCloudRunning(ports), 'the local cloud answering again');
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }),
    );
    clients.destroy();

    // Assess
    expect(script.stdout()).toContain(
      `Its state is kept in ${dataDir}; the services reconnect by themselves.`,
    );
    expect(cloudChildOf(script.child.pid!)).not.toBe(cloudChild);
    expect(received.Messages?.map((message) => message.Body)).toEqual(['accepted before']);
  });

  it('in memory, restarts every service once the restarted local cloud is back', async () => {
    // Prepare
    const dir = servicesDir();
    await addFakeService(dir, 'first', 'ready');
    await addFakeService(dir, 'second', 'escape');
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await script.waitForOutput(readyTable, patience.startup);
    const ports = cloudPortsIn(script.stdout());
    const before = descendants(script.child.pid!);
    // The provision barrier npm start handed the service, and its marks: these services load no
    // plugin, so the supervisor marked each once it was ready.
    const first = before.find((pid) => commandLine(pid).includes('fakeService.ts ready'));
    const handed = Object.fromEntries(
      readFileSync(`/proc/${String(first)}/environ`, 'utf8')
        .split('\0')
        .filter((entry) => entry.startsWith('CONVEYOR_PROVISION_'))
        .map((entry) => entry.split('=') as [string, string]),
    );
    const barrier = handed['CONVEYOR_PROVISION_BARRIER'] ?? '';
    const marks = () => ({
      first: readFileSync(join(barrier, 'first.provisioned'), 'utf8'),
      second: readFileSync(join(barrier, 'second.provisioned'), 'utf8'),
    });
    const marksBefore = marks();
    // Anything in the folder before the restart must be gone after it.
    writeFileSync(join(barrier, 'from-before-the-restart'), '');

    // Act
    process.kill(cloudChildOf(script.child.pid!), 'SIGKILL');
    await waitFor(
      () =>
        count(script?.stdout() ?? '', /\[first\s*\] Server ready/g) === 2 &&
        count(script?.stdout() ?? '', /\[second\s*\] Server ready/g) === 2,
      'both services ready again',
    );
    // Each is marked anew once ready after its restart.
    const markedAgain = (): boolean => {
      try {
        const now = marks();
        return now.first > marksBefore.first && now.second > marksBefore.second;
      } catch {
        return false;
      }
    };
    await waitFor(markedAgain, 'both services marked again');
    await waitFor(
      () => /\[local cloud\] 2 service\(s\) restarted and ready/.test(script?.stdout() ?? ''),
      'npm start saying the services are back',
    );
    const marksAfter = marks();

    // Assess
    expect(script.stdout()).toMatch(
      /\[local cloud\] exited \(SIGKILL\); restarting it in 1 s\. Its state was in memory and is lost \(orders, stock, queued messages, mail\): the services restart once it is back/,
    );
    // The operator is told when they restart, and when all are ready again.
    expect(script.stdout()).toMatch(
      /\[local cloud\] back, empty: restarting 2 service\(s\) so they provision their resources again\.[\s\S]*\[local cloud\] 2 service\(s\) restarted and ready on an empty local cloud\./,
    );
    expect(await isLocalCloudRunning(ports)).toBe(true);
    // Every process of the first runs is gone, the escaped grandchild included.
    expect(before.filter(isAlive)).toEqual([]);
    expect(handed['CONVEYOR_PROVISION_NAME']).toBe('first');
    expect(marksAfter.first > marksBefore.first).toBe(true);
    expect(marksAfter.second > marksBefore.second).toBe(true);
    // Opened anew before the services restarted.
    expect(readdirSync(barrier)).not.toContain('from-before-the-restart');

    // And gone with the run.
    script.child.kill('SIGTERM');
    await script.waitForExit(patience.outcome);
    expect(readdirSync(dirname(barrier))).not.toContain(basename(barrier));
  });
});
