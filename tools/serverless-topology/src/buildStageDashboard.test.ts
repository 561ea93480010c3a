import { readFileSync } from 'node:fs';
import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { buildServiceTopology } from './buildServiceTopology.ts';
import { buildStageDashboard, stageDashboardText } from './buildStageDashboard.ts';
import { stageDashboardPath } from './writeStageDashboard.ts';

// The metric dimensions of a dashboard body: [namespace, metric, dimension, value, ...].
const dimensionValues = (body: string, dimension: string): Set<string> => {
  const { widgets } = JSON.parse(body) as {
    widgets: { properties: { metrics?: unknown[][] } }[];
  };
  return new Set(
    widgets.flatMap(({ properties }) =>
      (properties.metrics ?? []).flatMap((metric) =>
        metric[2] === dimension && typeof metric[3] === 'string' ? [metric[3]] : [],
      ),
    ),
  );
};

const bodyIn = (stage: string): string => {
  const body = buildStageDashboard(topology).Resources.StageDashboard.Properties?.DashboardBody as {
    'Fn::Sub': string;
  };
  return body['Fn::Sub'].replaceAll('${Stage}', stage);
};

describe('buildStageDashboard', () => {
  it('is what docs/bootstrap/stage-dashboard.json holds (npm run dashboard:stage rewrites it)', () => {
    // Act
    const committed = readFileSync(stageDashboardPath, 'utf8');

    // Assess
    expect(committed).toBe(stageDashboardText(topology));
  });

  it("shows every queue of the topology, its DLQs and its consumer, by the names each service's stack gives them", () => {
    // Prepare
    const services = [...new Set(Object.values(topology.queues).map(({ consumer }) => consumer))];
    const expectedQueues = services.flatMap((service) => {
      const built = buildServiceTopology({
        topology,
        config: { service },
        stage: 'dev',
        functionTimeout: () => 30,
      });
      return Object.values(built.resources).flatMap(({ Type, Properties }) =>
        Type === 'AWS::SQS::Queue' && typeof Properties?.QueueName === 'string'
          ? [Properties.QueueName]
          : [],
      );
    });
    const expectedFunctions = Object.values(topology.queues).map(
      ({ consumer, function: functionKey }) => `conveyor-${consumer}-dev-${functionKey}`,
    );

    // Act
    const body = bodyIn('dev');

    // Assess
    expect([...dimensionValues(body, 'QueueName')].sort()).toEqual(
      [...new Set(expectedQueues)].sort(),
    );
    expect([...dimensionValues(body, 'FunctionName')].sort()).toEqual(expectedFunctions.sort());
    expect(
      buildStageDashboard(topology).Resources.StageDashboard.Properties?.DashboardName,
    ).toEqual({ 'Fn::Sub': 'conveyor-${Stage}' });
  });
});
