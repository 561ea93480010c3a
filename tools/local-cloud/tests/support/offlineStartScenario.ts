// Run inside a network namespace with only loopback (see offlineStart.test.ts): `npm start` on the
// real services, orders placed over HTTP while a service is packaged and after the local cloud
// and one service are killed, then SIGTERM to npm. Prints one JSON report on stdout; progress on
// stderr.
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverServices } from '../../src/discoverServices.ts';
import { isLocalCloudRunning } from '../../src/isLocalCloudRunning.ts';
import { defaultLocalCloudPorts } from '../../src/localCloudPorts.ts';
import { repoRoot } from '../../src/repoRoot.ts';
import { portIsFree } from './portIsFree.ts';
import { commandLine, descendants } from './processTree.ts';
import { isAlive, type RunningScript, runCommand } from './runScript.ts';
import { waitFor } from './waitFor.ts';
import { patience } from './patience.ts';

const root = resolve(repoRoot);
const services = discoverServices(join(root, 'services'));
const httpPortOf = (name: string): number => {
  const found = services.find((service) => service.name === name);
  if (found === undefined) throw new Error(`no service ${name}`);
  return found.httpPort;
};
const checkout = `http://127.0.0.1:${httpPortOf('checkout')}`;
const shipping = `http://127.0.0.1:${httpPortOf('shipping')}`;

const startedAt = Date.now();
const progress = (text: string): void => {
  process.stderr.write(`[scenario +${Math.round((Date.now() - startedAt) / 1000)} s] ${text}\n`);
};

/** What the scenario saw of one order. */
interface OrderOutcome {
  readonly orderId: string;
  readonly placedDuring: string;
  status?: string;
  labelIsPdf?: boolean;
}

const registryReachable = async (): Promise<boolean> => {
  try {
    await fetch('https://registry.npmjs.org/', { signal: AbortSignal.timeout(10_000) });
    return true;
  } catch {
    return false;
  }
};

const placeOrder = async (placedDuring: string): Promise<OrderOutcome> => {
  const response = await fetch(`${checkout}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      customer: { id: 'cus-offline', email: 'ada@example.com', name: 'Ada Lovelace' },
      lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 Analytical Row',
        city: 'London',
        postalCode: 'NW1 6XE',
        country: 'GB',
      },
      currency: 'GBP',
      marketingOptIn: false,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { orderId?: string };
  if (response.status !== 201 || body.orderId === undefined) {
    throw new Error(`POST /checkout answered ${response.status}: ${JSON.stringify(body)}`);
  }
  progress(`placed ${body.orderId} (${placedDuring})`);
  return { orderId: body.orderId, placedDuring };
};

const getJson = async (url: string): Promise<Record<string, unknown> | undefined> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const terminal = new Set(['SHIPPED', 'REJECTED']);

/** Waits until the order is terminal, then fetches its label. */
const settle = async (order: OrderOutcome): Promise<void> => {
  await waitFor(
    async () => {
      const status = (await getJson(`${checkout}/orders/${order.orderId}`))?.status;
      if (typeof status === 'string') order.status = status;
      return order.status !== undefined && terminal.has(order.status);
    },
    `order ${order.orderId} terminal`,
    300_000,
  );
  const labelUrl = (await getJson(`${shipping}/shipments/${order.orderId}`))?.labelUrl;
  if (typeof labelUrl === 'string') {
    const label = await fetch(labelUrl, { signal: AbortSignal.timeout(10_000) });
    order.labelIsPdf = Buffer.from(await label.arrayBuffer())
      .subarray(0, 5)
      .equals(Buffer.from('%PDF-'));
  }
  progress(`${order.orderId}: ${order.status ?? '?'}, label ${String(order.labelIsPdf)}`);
};

const findInTree = (pid: number, test: (child: number) => boolean): number => {
  const found = descendants(pid).find(test);
  if (found === undefined) throw new Error(`nothing matching below ${pid}`);
  return found;
};

const cwdOf = (pid: number): string => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
};

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-offline-'));
const report: Record<string, unknown> = {};
const orders: OrderOutcome[] = [];
const family = new Set<number>();
let npm: RunningScript | undefined;

try {
  report.registryReachable = await registryReachable();
  progress(`registry reachable: ${String(report.registryReachable)}`);

  npm = runCommand('npm', ['start', '--', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const npmPid = npm.child.pid ?? 0;
  const noteFamily = (): void => {
    for (const pid of descendants(npmPid)) family.add(pid);
  };
  await npm.waitForOutput(/Ctrl-C stops everything\./, 900_000);
  noteFamily();
  report.ready = true;
  progress('npm start is ready');

  const first = await placeOrder('after start');
  orders.push(first);
  await settle(first);

  // Packaging writes its own build folder, never the one npm start serves from.
  const packaging = runCommand(
    'npx',
    ['nx', 'run', 'checkout:package', '--skip-nx-cache', '--outputStyle=stream'],
    { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' } },
  );
  const duringPackage: OrderOutcome[] = [];
  while (
    duringPackage.length < 3 ||
    (packaging.child.exitCode === null && duringPackage.length < 10)
  ) {
    duringPackage.push(await placeOrder('while checkout is packaged'));
    await new Promise((done) => setTimeout(done, 1_000));
  }
  const packaged = await packaging.waitForExit(600_000);
  report.packageExit = packaged.code;
  progress(`nx run checkout:package exited ${String(packaged.code)}`);
  orders.push(...duringPackage);
  for (const order of duringPackage) await settle(order);

  // An accepted order survives a local cloud killed right after it.
  const beforeCloudKill = await placeOrder('just before the local cloud was killed');
  orders.push(beforeCloudKill);
  process.kill(
    findInTree(npmPid, (pid) => commandLine(pid).includes('local-cloud/src/main.ts')),
    'SIGKILL',
  );
  await npm.waitForOutput(/\[local cloud\] exited \(SIGKILL\); restarting it/, patience.outcome);
  await waitFor(
    () => isLocalCloudRunning(defaultLocalCloudPorts),
    'local cloud back',
    patience.startup,
  );
  noteFamily();
  await settle(beforeCloudKill);
  const afterCloudKill = await placeOrder('after the local cloud came back');
  orders.push(afterCloudKill);
  await settle(afterCloudKill);

  // And one whose shipping is killed right after it: the restarted service picks it up.
  const beforeServiceKill = await placeOrder('just before shipping was killed');
  orders.push(beforeServiceKill);
  const shippingReadyLines = count(npm.stdout(), /\[shipping\s*\] Server ready/g);
  process.kill(
    findInTree(
      npmPid,
      (pid) =>
        commandLine(pid).startsWith('node ') &&
        commandLine(pid).includes('offline start') &&
        cwdOf(pid) === join(root, 'services', 'shipping'),
    ),
    'SIGKILL',
  );
  await npm.waitForOutput(/\[shipping\s*\] exited \(.*\); restarting it/, patience.outcome);
  await waitFor(
    () => count(npm?.stdout() ?? '', /\[shipping\s*\] Server ready/g) > shippingReadyLines,
    'shipping ready again',
    600_000,
  );
  noteFamily();
  await settle(beforeServiceKill);

  // Stop it as `kill` or an IDE would: SIGTERM to the npm process alone.
  noteFamily();
  npm.child.kill('SIGTERM');
  report.npmExit = await npm.waitForExit(patience.outcome);
  await waitFor(
    () => ![...family].some(isAlive),
    'every process of npm start gone',
    patience.outcome,
  ).catch(() => undefined);
  report.leftoverProcesses = [...family].filter(isAlive).map(commandLine);
  const ports = [
    defaultLocalCloudPorts.fauxqs,
    defaultLocalCloudPorts.dynamodb,
    defaultLocalCloudPorts.ses,
    ...services.flatMap((service) => [service.httpPort, service.lambdaPort]),
  ];
  const busy: number[] = [];
  for (const port of ports) if (!(await portIsFree(port))) busy.push(port);
  report.busyPorts = busy;
} catch (error) {
  report.error = error instanceof Error ? error.message : String(error);
} finally {
  report.orders = orders;
  report.outputTail = npm?.stdout().slice(-6_000);
  npm?.kill();
  for (const pid of family) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

process.stdout.write(`${JSON.stringify(report)}\n`);
