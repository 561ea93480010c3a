import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { type EvaluationRequest, PolicyEvaluator, type Simulate } from './PolicyEvaluator.ts';

const identity = 'arn:aws:ses:us-east-1:000000000000:identity/example.com';

/** email's statement: send from one address only. */
const sendFrom = (address: string) => [
  {
    Effect: 'Allow',
    Action: 'ses:SendEmail',
    Resource: identity,
    Condition: { StringEquals: { 'SES:FromAddress': address } },
  },
];

const sendEmail = (from: string, to: string): EvaluationRequest => ({
  principal: 'arn:aws:sts::000000000000:assumed-role/email-role/onNotificationEvent',
  action: 'ses:SendEmail',
  resource: identity,
  resourceAccount: '000000000000',
  context: { 'ses:FromAddress': from, 'ses:Recipients': [to] },
});

/** The real simulator, counting its runs. */
const countingSimulator = () => {
  let runs = 0;
  const simulate: Simulate = (simulation) => {
    runs += 1;
    return runSimulation(simulation, {});
  };
  return { simulate, runs: () => runs };
};

describe('PolicyEvaluator', () => {
  it('evaluates once for calls that differ only in a context key the policy never names', async () => {
    // Prepare
    const simulator = countingSimulator();
    const evaluator = new PolicyEvaluator(simulator.simulate);
    const statements = sendFrom('orders@example.com');

    // Act
    const first = await evaluator.evaluateIdentity(
      'fn-1#1',
      statements,
      sendEmail('orders@example.com', 'ada@example.com'),
    );
    const second = await evaluator.evaluateIdentity(
      'fn-1#1',
      statements,
      sendEmail('orders@example.com', 'grace@example.com'),
    );

    // Assess
    expect(first.decision).toBe('Allowed');
    expect(second.decision).toBe('Allowed');
    expect(simulator.runs()).toBe(1);
  });

  it('evaluates afresh when a context key the policy names differs, whatever its case', async () => {
    // Prepare
    const simulator = countingSimulator();
    const evaluator = new PolicyEvaluator(simulator.simulate);
    const statements = sendFrom('orders@example.com');

    // Act
    const allowed = await evaluator.evaluateIdentity(
      'fn-1#1',
      statements,
      sendEmail('orders@example.com', 'ada@example.com'),
    );
    const denied = await evaluator.evaluateIdentity(
      'fn-1#1',
      statements,
      sendEmail('mallory@example.com', 'ada@example.com'),
    );

    // Assess
    expect(allowed.decision).toBe('Allowed');
    expect(denied.decision).toBe('ImplicitlyDenied');
    expect(simulator.runs()).toBe(2);
  });

  it('counts a policy variable in a resource as naming its key', async () => {
    // Prepare
    const simulator = countingSimulator();
    const evaluator = new PolicyEvaluator(simulator.simulate);
    const statements = [
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::labels/${aws:PrincipalTag/carrier}/*',
      },
    ];
    const putLabel = (carrier: string): EvaluationRequest => ({
      principal: 'arn:aws:sts::000000000000:assumed-role/shipping-role/onInventoryReserved',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::labels/dhl/o-1.pdf',
      resourceAccount: '000000000000',
      context: { 'aws:PrincipalTag/carrier': carrier },
    });

    // Act
    const own = await evaluator.evaluateIdentity('fn-2#1', statements, putLabel('dhl'));
    const other = await evaluator.evaluateIdentity('fn-2#1', statements, putLabel('ups'));

    // Assess
    expect(own.decision).toBe('Allowed');
    expect(other.decision).toBe('ImplicitlyDenied');
    expect(simulator.runs()).toBe(2);
  });

  it('keeps the decisions of two policies apart, even for the same call', async () => {
    // Prepare
    const simulator = countingSimulator();
    const evaluator = new PolicyEvaluator(simulator.simulate);
    const call = sendEmail('orders@example.com', 'ada@example.com');

    // Act
    const before = await evaluator.evaluateIdentity('fn-1#1', sendFrom('orders@example.com'), call);
    const after = await evaluator.evaluateIdentity('fn-1#2', sendFrom('news@example.com'), call);

    // Assess
    expect(before.decision).toBe('Allowed');
    expect(after.decision).toBe('ImplicitlyDenied');
  });
});
