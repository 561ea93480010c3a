import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { checkContracts } from '../src/drift/checkContracts.ts';
import { listServices, loadHandlerSources, loadPackagedStack } from '../src/loadPackagedStack.ts';
import { resourcesOfType } from '../src/parseTemplate.ts';
import { checkPolicies } from '../src/rules/policyRules.ts';
import { publicRoutes } from '../src/rules/publicRoutes.ts';
import { formatViolation } from '../src/violation.ts';

// The stacks come from `sls package` of every service, which the Nx test target runs first.
const servicesDir = fileURLToPath(new URL('../../../services/', import.meta.url));
const services = listServices(servicesDir);
const stacks = services.map((service) => loadPackagedStack(servicesDir, service));

describe('packaged stacks of every service', () => {
  it('packages every service the Nx test target depends on', () => {
    // Prepare
    const projectFile = new URL('../project.json', import.meta.url);

    // Act
    const project = JSON.parse(readFileSync(projectFile, 'utf8')) as {
      implicitDependencies: string[];
    };
    const packaged = [...project.implicitDependencies].sort();

    // Assess
    expect(packaged).toEqual(services);
  });

  it('holds every subscription topology.json declares, so the checks below are not vacuous', () => {
    // Act
    const subscriptions = stacks.flatMap(({ template }) =>
      resourcesOfType(template, 'AWS::SNS::Subscription'),
    ).length;

    // Assess
    const declared = Object.values(topology.queues).reduce(
      (count, queue) => count + Object.keys(queue.subscriptions).length,
      0,
    );
    expect(subscriptions).toBe(declared);
  });

  it.each(stacks.map((stack) => [stack.service, stack] as const))(
    '%s passes every policy rule',
    (_service, stack) => {
      // Act
      const lines = checkPolicies(stack).map(formatViolation);

      // Assess
      expect(lines).toEqual([]);
    },
  );

  it.each(stacks.map((stack) => [stack.service, stack] as const))(
    "%s says which release it runs: its ServiceVersion output is its package.json's version",
    (service, stack) => {
      // Prepare
      const packageJson = new URL(`../../../services/${service}/package.json`, import.meta.url);
      const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };

      // Act
      const outputs = (stack.template as { Outputs?: Record<string, { Value?: unknown }> }).Outputs;

      // Assess
      expect(outputs?.['ServiceVersion']?.Value).toBe(version);
    },
  );

  it('lists in publicRoutes only open routes some stack has', () => {
    // Act
    const open = new Set(
      stacks.flatMap(({ service, template }) =>
        resourcesOfType(template, 'AWS::ApiGatewayV2::Route').flatMap(([, { Properties }]) =>
          (Properties.AuthorizationType ?? 'NONE') === 'NONE'
            ? [`${service} ${String(Properties.RouteKey)}`]
            : [],
        ),
      ),
    );

    // Assess
    expect([...publicRoutes].filter((route) => !open.has(route))).toEqual([]);
  });

  it('has no contract drift between producers, subscriptions and handlers', () => {
    // Prepare
    const handlerSources = Object.fromEntries(
      services.map((service) => [service, loadHandlerSources(servicesDir, service)]),
    );

    // Act
    const lines = checkContracts(stacks, handlerSources, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([]);
  });

  it('names in the stage dashboard only queues and functions the stacks create in that stage', () => {
    // Prepare
    const template = JSON.parse(
      readFileSync(
        new URL('../../../docs/bootstrap/stage-dashboard.json', import.meta.url),
        'utf8',
      ),
    ) as {
      Resources: { StageDashboard: { Properties: { DashboardBody: { 'Fn::Sub': string } } } };
    };
    const { stage } = stacks[0] ?? { stage: 'dev' };
    const body = template.Resources.StageDashboard.Properties.DashboardBody['Fn::Sub'].replaceAll(
      '${Stage}',
      stage,
    );
    const named = (type: string, property: string): string[] =>
      stacks.flatMap(({ template: packaged }) =>
        resourcesOfType(packaged, type).flatMap(([, { Properties }]) => {
          const value = Properties[property];
          return typeof value === 'string' ? [value] : [];
        }),
      );
    const queues = new Set(named('AWS::SQS::Queue', 'QueueName'));
    const functions = new Set(named('AWS::Lambda::Function', 'FunctionName'));

    // Act
    const metrics = (
      JSON.parse(body) as { widgets: { properties: { metrics?: unknown[][] } }[] }
    ).widgets.flatMap(({ properties }) => properties.metrics ?? []);
    const missing = metrics.flatMap(([, , dimension, value]) => {
      const known = dimension === 'QueueName' ? queues : functions;
      return typeof value === 'string' && !known.has(value)
        ? [`${String(dimension)} ${value}`]
        : [];
    });

    // Assess
    expect(metrics.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
