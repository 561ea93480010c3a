import { addProjectConfiguration, workspaceRoot } from '@nx/devkit';
import { FsTree } from '@nx/devkit/internal';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import {
  allocateServicePorts,
  assertNoPortClash,
  findPortClashes,
  type LocalPort,
  readLocalPorts,
} from './localPorts.ts';

const withServices = (ports: Record<string, { http: number; lambda: number }>) => {
  const tree = createTreeWithEmptyWorkspace();
  for (const [name, localPorts] of Object.entries(ports)) {
    addProjectConfiguration(tree, name, { root: `services/${name}`, metadata: { localPorts } });
  }
  return tree;
};

describe('the list of local ports', () => {
  it("has no clash in this workspace: every service's ports and the local cloud's", () => {
    // Prepare
    const tree = new FsTree(workspaceRoot, false);

    // Act
    const ports = readLocalPorts(tree);

    // Assess
    expect(ports.filter(({ owner }) => owner.endsWith(' http')).length).toBeGreaterThanOrEqual(5);
    expect(findPortClashes(ports)).toEqual([]);
  });

  it('names both owners of a port two services declare', () => {
    // Prepare
    const tree = withServices({
      email: { http: 3004, lambda: 3104 },
      marketing: { http: 3005, lambda: 3104 },
    });

    // Act
    const check = () => {
      assertNoPortClash(readLocalPorts(tree));
    };

    // Assess
    expect(check).toThrow('port 3104: email lambda and marketing lambda');
  });

  it("names a service port that is one of the local cloud's", () => {
    // Prepare
    const tree = withServices({ email: { http: 4566, lambda: 3104 } });

    // Act
    const clashes = findPortClashes(readLocalPorts(tree));

    // Assess
    expect(clashes).toEqual(['port 4566: local cloud SQS/SNS/S3/fauxqs and email http']);
  });

  it('refuses localPorts without two valid ports', () => {
    // Prepare
    const tree = withServices({ email: { http: 3004, lambda: 70_000 } });

    // Act
    const read = () => readLocalPorts(tree);

    // Assess
    expect(read).toThrow('services/email/project.json: metadata.localPorts');
  });
});

describe('allocateServicePorts', () => {
  const taken: LocalPort[] = [
    { port: 3001, owner: 'checkout http' },
    { port: 3101, owner: 'checkout lambda' },
    { port: 3102, owner: 'odd lambda' },
  ];

  it('takes the lowest HTTP port whose lambda port (+100) is free too', () => {
    // Act
    const ports = allocateServicePorts(taken, 'audit');

    // Assess
    expect(ports).toEqual({ http: 3003, lambda: 3103 });
  });

  it('takes the ports asked for when they are free', () => {
    // Act
    const ports = allocateServicePorts(taken, 'audit', { http: 3050 });

    // Assess
    expect(ports).toEqual({ http: 3050, lambda: 3150 });
  });

  it('refuses ports asked for that another owner has', () => {
    // Act
    const allocate = () => allocateServicePorts(taken, 'audit', { http: 3002, lambda: 3102 });

    // Assess
    expect(allocate).toThrow('port 3102: odd lambda and audit lambda');
  });

  it.each([
    [{ http: 70_000 }, "audit's http port would be 70000: a port is 1 to 65535"],
    [
      { http: 65_500 },
      "audit's lambda port would be 65600: a port is 1 to 65535 (the lambda port is --httpPort + 100 unless --lambdaPort is given)",
    ],
    [{ http: 3050, lambda: 0 }, "audit's lambda port would be 0: a port is 1 to 65535"],
  ])('refuses ports out of range: %j', (wanted, message) => {
    // Act
    const allocate = () => allocateServicePorts(taken, 'audit', wanted);

    // Assess
    expect(allocate).toThrow(message);
  });
});
