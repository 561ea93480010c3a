import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyServices } from './checkProducerTopics.ts';
import {
  type PreflightRegion,
  preflightRegion,
  preflightUsage,
  serverlessDefaultRegion,
} from './preflightOptions.ts';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'preflight-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const writeServices = async (root: string, files: Record<string, string>): Promise<void> => {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, 'services', path, '..'), { recursive: true });
    await writeFile(join(root, 'services', path), text);
  }
};

describe('serverlessDefaultRegion', () => {
  it("is the region the services' shared serverless config falls back to without --region", () => {
    // Act
    const found = serverlessDefaultRegion('checkout');

    // Assess: docs/deploying.md states us-east-1 as the deploy's default.
    expect(found).toEqual({
      region: 'us-east-1',
      source: "the deploy's default, services/serverless.base.yml",
    });
  });

  it("takes a service's own provider region over the shared one", async () => {
    // Prepare
    const root = join(scratch, 'own');
    await writeServices(root, {
      'serverless.base.yml': "provider:\n  region: ${opt:region, 'us-east-1'}\n",
      'loyalty/serverless.yml':
        "provider:\n  name: aws\n  region: ${opt:region, 'eu-west-1'}\nresources:\n  Outputs:\n    Url:\n      Value: !Sub 'https://${HttpApi}'\n",
      'email/serverless.yml': 'provider: ${file(../serverless.base.yml):provider}\n',
    });

    // Act
    const loyalty = serverlessDefaultRegion('loyalty', root);
    const email = serverlessDefaultRegion('email', root);

    // Assess
    expect(loyalty).toEqual({
      region: 'eu-west-1',
      source: "the deploy's default, services/loyalty/serverless.yml",
    });
    expect(email?.region).toBe('us-east-1');
  });

  it('finds none when no config states a fallback region', async () => {
    // Prepare
    const root = join(scratch, 'none');
    await writeServices(root, {
      'serverless.base.yml': 'provider:\n  region: ${opt:region}\n',
    });

    // Act
    const found = serverlessDefaultRegion('loyalty', root);

    // Assess
    expect(found).toBeUndefined();
  });
});

describe('preflightRegion', () => {
  const deployDefault: PreflightRegion = { region: 'us-east-1', source: 'the deploy default' };

  it.each([
    ['--region first', 'eu-central-1', 'eu-central-1', '--region'],
    ['else the deploy default', undefined, 'us-east-1', 'the deploy default'],
    ['else the deploy default, for a blank --region', ' ', 'us-east-1', 'the deploy default'],
  ])('takes %s', (_case, flag, region, source) => {
    // Act
    const found = preflightRegion(flag, deployDefault);

    // Assess
    expect(found).toEqual({ region, source });
  });

  it('has none with nothing given and no deploy default, for the caller to ask for --region', () => {
    // Act
    const found = preflightRegion(undefined, undefined);

    // Assess
    expect(found).toBeUndefined();
  });
});

describe('preflightUsage', () => {
  it('names every service of the topology, however many there are', () => {
    // Prepare
    const services = topologyServices();

    // Act
    const usage = preflightUsage(services);

    // Assess
    expect(services).toContain('analytics');
    expect(usage).toContain(`--service <${services.join('|')}>`);
  });
});
