import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parseTemplate.ts';
import { topicNameOf } from './topicNameOf.ts';

describe('topicNameOf', () => {
  it('reads an Fn::Sub ARN built from pseudo parameters', () => {
    // Act
    const name = topicNameOf({
      'Fn::Sub':
        'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:conveyor-dev-order-events.fifo',
    });

    // Assess
    expect(name).toBe('conveyor-dev-order-events.fifo');
  });

  it('reads a literal ARN and a Ref to a topic of the template', () => {
    // Prepare
    const template = parseTemplate({
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'own.fifo' } } },
    });

    // Act
    const names = [
      topicNameOf('arn:aws:sns:eu-west-1:123456789012:literal'),
      topicNameOf({ Ref: 'Topic' }, template),
    ];

    // Assess
    expect(names).toEqual(['literal', 'own.fifo']);
  });

  it('gives up on an ARN with other substitutions', () => {
    // Act
    const name = topicNameOf({
      'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${Account}:x',
    });

    // Assess
    expect(name).toBeUndefined();
  });
});
