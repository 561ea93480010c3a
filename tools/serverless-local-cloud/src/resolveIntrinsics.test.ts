import { describe, expect, it } from 'vitest';
import { IntrinsicResolutionError } from './errors.ts';
import {
  type IntrinsicContext,
  resolveIntrinsics,
  resolveIntrinsicString,
} from './resolveIntrinsics.ts';

const context: IntrinsicContext = {
  pseudoParameters: {
    'AWS::Region': 'us-east-1',
    'AWS::AccountId': '000000000000',
    'AWS::Partition': 'aws',
  },
  ref: (logicalId) =>
    logicalId === 'OrdersQueue'
      ? 'http://127.0.0.1:4566/000000000000/orders'
      : { unresolvable: `no resource named ${logicalId}` },
  getAtt: (logicalId, attribute) =>
    logicalId === 'OrdersQueue' && attribute === 'Arn'
      ? 'arn:aws:sqs:us-east-1:000000000000:orders'
      : { unresolvable: `no ${attribute} on ${logicalId}` },
};

const path = 'Resources.OrdersQueue.Properties.RedrivePolicy';

describe('resolveIntrinsics', () => {
  it('resolves Ref to pseudo parameters and resources', () => {
    // Prepare
    const value = { region: { Ref: 'AWS::Region' }, url: { Ref: 'OrdersQueue' } };

    // Act
    const resolved = resolveIntrinsics(value, context, path);

    // Assess
    expect(resolved).toEqual({
      region: 'us-east-1',
      url: 'http://127.0.0.1:4566/000000000000/orders',
    });
  });

  it('resolves Fn::GetAtt in its list and dotted forms', () => {
    // Prepare
    const value = [{ 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, { 'Fn::GetAtt': 'OrdersQueue.Arn' }];

    // Act
    const resolved = resolveIntrinsics(value, context, path);

    // Assess
    expect(resolved).toEqual([
      'arn:aws:sqs:us-east-1:000000000000:orders',
      'arn:aws:sqs:us-east-1:000000000000:orders',
    ]);
  });

  it('resolves Fn::Sub with pseudo parameters, resources, attributes and literals', () => {
    // Prepare
    const value = {
      'Fn::Sub':
        'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:events.fifo ${OrdersQueue} ${OrdersQueue.Arn} ${!Literal}',
    };

    // Act
    const resolved = resolveIntrinsicString(value, context, path);

    // Assess
    expect(resolved).toBe(
      'arn:aws:sns:us-east-1:000000000000:events.fifo http://127.0.0.1:4566/000000000000/orders arn:aws:sqs:us-east-1:000000000000:orders ${Literal}',
    );
  });

  it('resolves Fn::Sub with a variable map whose values are intrinsics', () => {
    // Prepare
    const value = {
      'Fn::Sub': [
        '${Queue}-${Stage}',
        { Queue: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, Stage: 'dev' },
      ],
    };

    // Act
    const resolved = resolveIntrinsicString(value, context, path);

    // Assess
    expect(resolved).toBe('arn:aws:sqs:us-east-1:000000000000:orders-dev');
  });

  it('resolves Fn::Join over nested intrinsics', () => {
    // Prepare
    const value = {
      'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'sqs', { Ref: 'AWS::Region' }]],
    };

    // Act
    const resolved = resolveIntrinsics(value, context, path);

    // Assess
    expect(resolved).toBe('arn:aws:sqs:us-east-1');
  });

  it('drops properties and list items set to Ref AWS::NoValue, keeps other values as they are', () => {
    // Prepare
    const value = {
      keep: 3,
      flag: true,
      gone: { Ref: 'AWS::NoValue' },
      list: ['a', { Ref: 'AWS::NoValue' }],
    };

    // Act
    const resolved = resolveIntrinsics(value, context, path);

    // Assess
    expect(resolved).toEqual({ keep: 3, flag: true, list: ['a'] });
  });

  it('names the intrinsic and the path it cannot resolve', () => {
    // Prepare
    const value = { 'Fn::ImportValue': 'other-stack-dlq-arn' };

    // Act
    const act = (): unknown => resolveIntrinsics(value, context, path);

    // Assess
    expect(act).toThrow(IntrinsicResolutionError);
    expect(act).toThrow(
      'Cannot resolve Fn::ImportValue in Resources.OrdersQueue.Properties.RedrivePolicy',
    );
  });

  it('names the nested path and the reason for an unknown resource', () => {
    // Prepare
    const value = { deadLetterTargetArn: { 'Fn::GetAtt': ['MissingDlq', 'Arn'] } };

    // Act
    const act = (): unknown => resolveIntrinsics(value, context, path);

    // Assess
    expect(act).toThrow(
      'Cannot resolve Fn::GetAtt MissingDlq.Arn in Resources.OrdersQueue.Properties.RedrivePolicy.deadLetterTargetArn (no Arn on MissingDlq)',
    );
  });

  it('refuses pseudo parameters that have no local value', () => {
    // Prepare
    const value = { 'Fn::Sub': '${AWS::NotificationARNs}' };

    // Act
    const act = (): unknown => resolveIntrinsics(value, context, path);

    // Assess
    expect(act).toThrow(/Cannot resolve Ref AWS::NotificationARNs in .*RedrivePolicy/);
  });

  it('refuses Fn::If, Fn::Select and the like rather than skipping them', () => {
    // Prepare
    const values = [{ 'Fn::If': ['c', 'a', 'b'] }, { 'Fn::Select': [0, ['a']] }];

    // Act
    const acts = values.map((value) => () => resolveIntrinsics(value, context, path));

    // Assess
    expect(acts[0]).toThrow('Cannot resolve Fn::If in');
    expect(acts[1]).toThrow('Cannot resolve Fn::Select in');
  });

  it('requires a string where a string is expected', () => {
    // Prepare
    const value = { nested: 'object' };

    // Act
    const act = (): unknown => resolveIntrinsicString(value, context, path);

    // Assess
    expect(act).toThrow('expected a string');
  });
});
