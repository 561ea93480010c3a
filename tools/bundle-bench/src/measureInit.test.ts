import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureInitTimes, median, startCold } from './measureInit.ts';

describe('median', () => {
  it.each([
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %d', (values, expected) => {
    // Act
    const result = median(values);

    // Assess
    expect(result).toBe(expected);
  });
});

const dirs: string[] = [];

const scratchDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-bench-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('measureInitTimes', () => {
  it('starts each bundle cold in its own process, with only the environment given', async () => {
    // Prepare
    const dir = scratchDir();
    const bundlePath = join(dir, 'handler.cjs');
    writeFileSync(
      bundlePath,
      'if (process.env.ONLY_THIS !== "yes" || process.env.HOME !== undefined) throw new Error("environment leaked");\nexports.handler = async () => ({});\n',
    );
    const target = {
      id: 'probe',
      bundlePath,
      exportName: 'handler',
      cwd: dir,
      environment: { ONLY_THIS: 'yes' },
    };

    // Act
    const times = await measureInitTimes([target], 2);

    // Assess
    expect(times.get('probe')).toHaveLength(2);
    expect(times.get('probe')?.every((ms) => ms > 0)).toBe(true);
  });

  it('fails a bundle whose handler export is missing', async () => {
    // Prepare
    const dir = scratchDir();
    const bundlePath = join(dir, 'handler.cjs');
    writeFileSync(bundlePath, 'exports.other = 1;\n');

    // Act
    const attempt = startCold({
      id: 'probe',
      bundlePath,
      exportName: 'handler',
      cwd: dir,
      environment: {},
    });

    // Assess
    await expect(attempt).rejects.toThrow(/exports no function "handler"/);
  });
});
