import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPackagedStack, MissingPackageError } from './loadPackagedStack.ts';

const servicesDirs: string[] = [];

const servicesDirWith = (files: Record<string, unknown>): string => {
  const servicesDir = mkdtempSync(join(tmpdir(), 'stack-checks-'));
  servicesDirs.push(servicesDir);
  mkdirSync(join(servicesDir, 'orders', '.serverless'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(servicesDir, 'orders', '.serverless', name), JSON.stringify(content));
  }
  return servicesDir;
};

afterEach(() => {
  for (const dir of servicesDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadPackagedStack', () => {
  it('follows a $ref the serverless state writes for an object it already wrote', () => {
    // Prepare
    const servicesDir = servicesDirWith({
      'cloudformation-template-update-stack.json': { Resources: {} },
      'serverless-state.json': {
        service: {
          custom: { tags: { service: 'orders', owner: 'orders-team', stage: 'dev' } },
          provider: { stage: 'dev', stackTags: { $ref: '$["service"]["custom"]["tags"]' } },
        },
      },
    });

    // Act
    const stack = loadPackagedStack(servicesDir, 'orders');

    // Assess
    expect(stack).toEqual({
      service: 'orders',
      stage: 'dev',
      template: { Resources: {}, Outputs: {} },
      stackTags: { service: 'orders', owner: 'orders-team', stage: 'dev' },
    });
  });

  it('says how to package a service that has not been packaged', () => {
    // Prepare
    const servicesDir = servicesDirWith({});

    // Act
    const load = () => loadPackagedStack(servicesDir, 'orders');

    // Assess
    expect(load).toThrow(MissingPackageError);
    expect(load).toThrow(/npx nx run orders:package/);
  });
});
