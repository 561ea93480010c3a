import type { DecisionRecord, RegisteredFunctionView } from '@conveyor/local-cloud';
import { describe, expect, it } from 'vitest';
import {
  formatLeastPrivilegeReport,
  grantsOf,
  leastPrivilegeReport,
} from './leastPrivilegeReport.ts';

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/conveyor-local-shipping-shipments';
const LABELS = 'arn:aws:s3:::conveyor-local-shipping-labels-000000000000/labels/*';
const KEY = 'fn.conveyor-shipping.local.onInventoryReserved';

const shippingConsumer: RegisteredFunctionView = {
  service: 'conveyor-shipping',
  stage: 'local',
  functionKey: 'onInventoryReserved',
  functionName: 'conveyor-shipping-local-onInventoryReserved',
  roleName: 'conveyor-shipping-local-onInventoryReserved-role',
  accessKeyId: KEY,
  statements: [],
  declaredStatements: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: TABLE },
    { Effect: 'Allow', Action: 's3:PutObject', Resource: LABELS },
    { Effect: 'Deny', Action: 's3:DeleteObject', Resource: LABELS },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: 'arn:aws:logs:*' },
  ],
  overridden: false,
};

const decision = (
  action: string,
  resource: string,
  outcome: DecisionRecord['decision'] = 'Allowed',
): DecisionRecord => ({
  accessKeyId: KEY,
  service: 'conveyor-shipping',
  functionKey: 'onInventoryReserved',
  functionName: 'conveyor-shipping-local-onInventoryReserved',
  action,
  resource,
  decision: outcome,
  count: 1,
  firstAt: '2026-12-01T00:00:00.000Z',
  lastAt: '2026-12-01T00:00:00.000Z',
});

describe('grantsOf', () => {
  it('lists each action on each resource of the Allow statements once', () => {
    // Act
    const grants = grantsOf([
      ...shippingConsumer.declaredStatements,
      { Effect: 'Allow', Action: 's3:PutObject', Resource: LABELS },
    ]);

    // Assess
    expect(grants).toEqual([
      { action: 'dynamodb:GetItem', resource: TABLE },
      { action: 'dynamodb:PutItem', resource: TABLE },
      { action: 's3:PutObject', resource: LABELS },
      { action: 'logs:PutLogEvents', resource: 'arn:aws:logs:*' },
    ]);
  });
});

describe('leastPrivilegeReport', () => {
  it('reports the grants no allowed call matched, wildcards honoured, the refused calls, and what it cannot see', () => {
    // Prepare
    const decisions = [
      decision('dynamodb:GetItem', TABLE),
      decision('s3:PutObject', LABELS.replace('*', 'order-1.pdf')),
      decision('dynamodb:PutItem', TABLE, 'ImplicitlyDenied'),
    ];

    // Act
    const [report, ...others] = leastPrivilegeReport([shippingConsumer], decisions);

    // Assess
    expect(others).toEqual([]);
    expect(report).toMatchObject({
      functionKey: 'onInventoryReserved',
      granted: 3,
      unused: [{ action: 'dynamodb:PutItem', resource: TABLE }],
      unobservable: [{ action: 'logs:PutLogEvents', resource: 'arn:aws:logs:*' }],
      denied: [{ action: 'dynamodb:PutItem', resource: TABLE }],
    });
  });

  it('counts another function’s calls for nobody else', () => {
    // Prepare
    const elsewhere = { ...decision('dynamodb:GetItem', TABLE), accessKeyId: 'fn.other.local.f' };

    // Act
    const [report] = leastPrivilegeReport([shippingConsumer], [elsewhere]);

    // Assess
    expect(report?.unused).toHaveLength(3);
  });
});

describe('formatLeastPrivilegeReport', () => {
  it('names each function and each unused grant', () => {
    // Prepare
    const reports = leastPrivilegeReport([shippingConsumer], [decision('dynamodb:GetItem', TABLE)]);

    // Act
    const text = formatLeastPrivilegeReport(reports);

    // Assess
    expect(text.split('\n')).toEqual([
      'Granted but never used in this run (candidates to remove from each role, unless a path the run did not take needs them):',
      'conveyor-shipping onInventoryReserved: 2 of 3 grant(s) unused (and 1 on APIs the local cloud does not see: logs:PutLogEvents)',
      `  - dynamodb:PutItem on ${TABLE}`,
      `  - s3:PutObject on ${LABELS}`,
    ]);
  });
});
