import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';

const moduleUrl = new URL('./onShutdownSignal.ts', import.meta.url).href;

// A process whose clean stop either keeps its event loop busy for 3 s, as a supervisor busy at
// Ctrl-C did, then lets it turn (reading any signal that came meanwhile) and exits 0; or never
// ends, as a stop that hangs.
const started = new Set<ChildProcess>();

afterEach(() => {
  // A test that failed before its process exited leaves none behind.
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  started.clear();
});

const stoppingProcess = (stop: 'busy' | 'hangs'): ChildProcess => {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { setTimeout as sleep } from 'node:timers/promises';
       import { onShutdownSignal } from ${JSON.stringify(moduleUrl)};
       onShutdownSignal(async () => {
         console.log('stopping');
         ${stop === 'busy' ? 'const until = Date.now() + 3_000; while (Date.now() < until); await sleep(300);' : 'await new Promise(() => {});'}
         process.exit(0);
       });
       setInterval(() => {}, 1_000);
       console.log('ready');`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.add(child);
  return child;
};

/** Resolves once the process has printed `wanted` as a line of its stdout. */
const linesOf = (child: ChildProcess): ((wanted: string) => Promise<void>) => {
  if (child.stdout === null) throw new Error('no stdout');
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.add(line);
    waiting.get(line)?.();
  });
  return (wanted) =>
    seen.has(wanted)
      ? Promise.resolve()
      : new Promise((resolve) => {
          waiting.set(wanted, resolve);
        });
};

// On 'close', not 'exit': by then its stderr has been read to the end.
const exitCodeOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    child.once('close', resolve);
  });

const stderrOf = (child: ChildProcess): (() => string) => {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
};

/** Starts a {@link stoppingProcess} and sends it the first SIGINT; resolves once it is stopping. */
const stoppingAfterSigint = async (stop: 'busy' | 'hangs') => {
  const child = stoppingProcess(stop);
  const printed = linesOf(child);
  const stderr = stderrOf(child);
  const exited = exitCodeOf(child);
  await printed('ready');
  child.kill('SIGINT');
  await printed('stopping');
  return { child, stderr, exited };
};

describe('onShutdownSignal', () => {
  it('counts a repeat read late, because the event loop was busy, as the same request', async () => {
    // Prepare
    const { child, stderr, exited } = await stoppingAfterSigint('busy');

    // Act: npm's copy of the Ctrl-C, which the busy loop reads only after 3 s
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(code).toBe(0);
    expect(stderr()).not.toContain('Second SIGINT');
  });

  it('exits at once with 1 on a second signal once the first has had a second of the loop', async () => {
    // Prepare
    const { child, stderr, exited } = await stoppingAfterSigint('hangs');

    // Act: Ctrl-C again and again, as a user whose stop hangs does
    let exitCode: number | null | undefined;
    void exited.then((code) => {
      exitCode = code;
    });
    for (let tries = 0; tries < 150 && exitCode === undefined; tries += 1) {
      child.kill('SIGINT');
      await sleep(200);
    }

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr()).toContain('Second SIGINT: exiting without a clean stop.');
  });
});
