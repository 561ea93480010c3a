import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverServices } from '../src/discoverServices.ts';
import { repoRoot } from '../src/repoRoot.ts';

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const servicesDir = (projects: Record<string, unknown>): string => {
  dir = mkdtempSync(join(tmpdir(), 'local-cloud-discover-'));
  for (const [name, project] of Object.entries(projects)) {
    mkdirSync(join(dir, name));
    if (project !== undefined)
      writeFileSync(join(dir, name, 'project.json'), JSON.stringify(project));
  }
  return dir;
};

const offline = (http: number, lambda: number) => ({
  targets: { offline: { command: 'sls offline start' } },
  metadata: { localPorts: { http, lambda } },
});

describe('discoverServices', () => {
  it('finds services with an offline target and their declared ports, by name', () => {
    // Prepare
    const root = servicesDir({
      shipping: { name: 'shipping', ...offline(3003, 3103) },
      checkout: { name: 'checkout', ...offline(3001, 3101) },
      docs: { name: 'docs', targets: { build: {} } },
      scratch: undefined,
    });

    // Act
    const services = discoverServices(root);

    // Assess
    const offlineCommand = { command: 'sls offline start', cwd: resolve(repoRoot), env: {} };
    expect(services).toEqual([
      {
        name: 'checkout',
        dir: join(root, 'checkout'),
        httpPort: 3001,
        lambdaPort: 3101,
        offline: offlineCommand,
      },
      {
        name: 'shipping',
        dir: join(root, 'shipping'),
        httpPort: 3003,
        lambdaPort: 3103,
        offline: offlineCommand,
      },
    ]);
  });

  it('reads the offline command as nx run-commands would: tokens, cwd from the workspace root, env', () => {
    // Prepare
    const root = servicesDir({
      shipping: {
        name: 'shipping',
        metadata: { localPorts: { http: 3003, lambda: 3103 } },
        targets: {
          offline: {
            command: 'sls offline start --stage local --config {projectRoot}/serverless.yml',
            options: { cwd: '{projectRoot}', env: { SLS_DEBUG: '*', IGNORED: 1 } },
          },
        },
      },
      email: {
        name: 'email',
        metadata: { localPorts: { http: 3004, lambda: 3104 } },
        targets: {
          offline: {
            executor: 'nx:run-commands',
            options: { command: 'node {workspaceRoot}/tools/x.ts', cwd: 'tools' },
          },
        },
      },
    });

    // Act
    const [email, shipping] = discoverServices(root);

    // Assess
    expect(shipping?.offline).toEqual({
      command: `sls offline start --stage local --config ${join(root, 'shipping')}/serverless.yml`,
      cwd: join(root, 'shipping'),
      env: { SLS_DEBUG: '*' },
    });
    expect(email?.offline).toEqual({
      command: `node ${resolve(repoRoot)}/tools/x.ts`,
      cwd: join(repoRoot, 'tools'),
      env: {},
    });
  });

  it('names a service whose offline target has no command', () => {
    // Prepare
    const root = servicesDir({
      email: {
        name: 'email',
        metadata: { localPorts: { http: 3004, lambda: 3104 } },
        targets: { offline: { executor: '@nx/js:node' } },
      },
    });

    // Act
    const discover = (): unknown => discoverServices(root);

    // Assess
    expect(discover).toThrow(/service email has an offline target without a "command"/);
  });

  it('finds nothing in a missing or empty directory', () => {
    // Prepare
    const root = servicesDir({});

    // Act
    const inEmpty = discoverServices(root);
    const inMissing = discoverServices(join(root, 'missing'));

    // Assess
    expect(inEmpty).toEqual([]);
    expect(inMissing).toEqual([]);
  });

  it('names a service with an offline target but no declared ports', () => {
    // Prepare
    const root = servicesDir({ email: { name: 'email', targets: { offline: {} } } });

    // Act
    const discover = (): unknown => discoverServices(root);

    // Assess
    expect(discover).toThrow(
      /service email has an offline target but no "metadata": \{ "localPorts": \{ "http": PORT, "lambda": PORT \} \}/,
    );
  });

  it('names two services that declare the same port', () => {
    // Prepare
    const root = servicesDir({
      email: { name: 'email', ...offline(3004, 3104) },
      marketing: { name: 'marketing', ...offline(3005, 3104) },
    });

    // Act
    const discover = (): unknown => discoverServices(root);

    // Assess
    expect(discover).toThrow(/Port 3104 is declared by both email and marketing/);
  });
});
