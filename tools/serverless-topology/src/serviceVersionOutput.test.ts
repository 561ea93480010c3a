import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TopologyPluginError } from './errors.ts';
import { serviceVersionOutput } from './serviceVersionOutput.ts';

const dirs: string[] = [];
const serviceWith = (packageJson: string | undefined): string => {
  const dir = mkdtempSync(join(tmpdir(), 'service-version-'));
  dirs.push(dir);
  if (packageJson !== undefined) writeFileSync(join(dir, 'package.json'), packageJson);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('serviceVersionOutput', () => {
  it("is the service's package.json version", () => {
    // Prepare
    const dir = serviceWith(JSON.stringify({ name: '@conveyor/shipping', version: '0.4.1' }));

    // Act
    const output = serviceVersionOutput(dir);

    // Assess
    expect(output.Value).toBe('0.4.1');
  });

  it.each([
    ['no package.json', undefined, /package\.json: cannot read the service's version/],
    ['no version', JSON.stringify({ name: 'x' }), /package\.json has no version/],
  ])('refuses a service with %s', (_case, packageJson, message) => {
    // Prepare
    const dir = serviceWith(packageJson);

    // Act
    const read = () => serviceVersionOutput(dir);

    // Assess
    expect(read).toThrow(TopologyPluginError);
    expect(read).toThrow(message);
  });
});
