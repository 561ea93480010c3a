// The console's process when npm start's supervisor dies without stopping it (kill -9 of npm
// start's process group): it must stop and free its port, or the next npm start refuses to
// start on that port. The console runs in its own process group, as the supervisor starts it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boundedFetch, patience, waitFor } from '@conveyor/service-testing';
import { afterEach, describe, expect, it } from 'vitest';

const consoleMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));

// A stand-in supervisor: starts the console detached, with its output on the test's own pipe (so
// it stops because its parent is gone, not because a write to a closed pipe failed), prints its
// pid, and then only waits.
const supervisorScript = `
const { spawn } = require('node:child_process');
const [main, dir] = process.argv.slice(1);
const child = spawn(process.execPath, [main, '--port', '0', '--logs-dir', dir, '--services-dir', dir], {
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.stdout.write('console pid ' + child.pid + '\\n');
setInterval(() => {}, 60_000);
`;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let supervisor: ChildProcess | undefined;
let consolePid: number | undefined;
let dir: string | undefined;

afterEach(() => {
  supervisor?.kill('SIGKILL');
  if (consolePid !== undefined && isAlive(consolePid)) process.kill(consolePid, 'SIGKILL');
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  supervisor = undefined;
  consolePid = undefined;
  dir = undefined;
});

describe('the console process', () => {
  it('stops and frees its port when its supervisor is killed with SIGKILL', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'conveyor-console-'));
    let output = '';
    supervisor = spawn(process.execPath, ['-e', supervisorScript, consoleMain, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    supervisor.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await waitFor(
      () => Promise.resolve(/Console ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]),
      { description: 'the console to be ready', timeoutMs: patience.startup },
    );
    consolePid = Number(/console pid (\d+)/.exec(output)?.[1]);
    const servedBefore = (await boundedFetch(url)).status;

    // Act
    supervisor.kill('SIGKILL');

    // Assess
    const pid = consolePid;
    await waitFor(() => Promise.resolve(isAlive(pid) ? undefined : true), {
      description: `the orphaned console (pid ${String(pid)}) to exit`,
      timeoutMs: patience.outcome,
    });
    const servedAfter = await boundedFetch(url).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(servedBefore).toBe(200);
    expect(servedAfter).toBe('refused');
  });
});
