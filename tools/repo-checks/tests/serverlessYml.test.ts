// What the topology builds is never written by hand again, and a service's serverless.yml stays
// short enough to read as "what is this service's own".
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 120;
const servicesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'services');
const services = readdirSync(servicesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => readdirSync(join(servicesDir, name)).includes('serverless.yml'));
const builtByTheTopology = [
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::CloudWatch::Alarm',
];

describe('services/*/serverless.yml', () => {
  it('finds the services', () => {
    // Assess
    expect(services).toEqual(expect.arrayContaining(['checkout', 'shipping']));
  });

  it.each(services)('%s is at most 120 lines and declares nothing the topology builds', (name) => {
    // Prepare
    const text = readFileSync(join(servicesDir, name, 'serverless.yml'), 'utf8');

    // Act
    const lines = text.trimEnd().split('\n').length;
    const handWritten = builtByTheTopology.filter((type) => text.includes(type));

    // Assess
    expect(lines, `move shared settings to services/serverless.base.yml`).toBeLessThanOrEqual(
      MAX_LINES,
    );
    expect(handWritten, 'declare queues, topics and alarms in topology.json').toEqual([]);
  });
});
