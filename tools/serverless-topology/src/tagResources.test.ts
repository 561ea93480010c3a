import { describe, expect, it } from 'vitest';
import type { CloudFormationResource } from './serverlessTypes.ts';
import { tagResources } from './tagResources.ts';

const tags = { service: 'email', owner: 'email-team', stage: 'dev' };
const tagList = [
  { Key: 'service', Value: 'email' },
  { Key: 'owner', Value: 'email-team' },
  { Key: 'stage', Value: 'dev' },
];

describe('tagResources', () => {
  it('tags every taggable resource in its shape, generated ones included, and nothing else', () => {
    // Prepare
    const resources: Record<string, CloudFormationResource> = {
      OnNotificationEventLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: '/aws/lambda/x' },
      },
      OnNotificationEventEventSourceMappingSQSNotificationsQueue: {
        Type: 'AWS::Lambda::EventSourceMapping',
      },
      HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api' } },
      NotificationsQueuePolicy: { Type: 'AWS::SQS::QueuePolicy', Properties: {} },
    };

    // Act
    const changed = tagResources(resources, tags);

    // Assess
    expect(changed).toEqual([
      'OnNotificationEventLogGroup',
      'OnNotificationEventEventSourceMappingSQSNotificationsQueue',
      'HttpApi',
    ]);
    expect(resources.OnNotificationEventLogGroup?.Properties).toEqual({
      LogGroupName: '/aws/lambda/x',
      Tags: tagList,
    });
    expect(
      resources.OnNotificationEventEventSourceMappingSQSNotificationsQueue?.Properties,
    ).toEqual({ Tags: tagList });
    expect(resources.HttpApi?.Properties?.Tags).toEqual(tags);
    expect(resources.NotificationsQueuePolicy?.Properties).toEqual({});
  });

  it('keeps the tags a resource has, adds only the missing ones and leaves computed tags alone', () => {
    // Prepare
    const resources: Record<string, CloudFormationResource> = {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          Tags: [
            { Key: 'owner', Value: 'data-team' },
            { Key: 'cost', Value: 'x' },
          ],
        },
      },
      Tagged: { Type: 'AWS::SQS::Queue', Properties: { Tags: tagList } },
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { Tags: { stage: 'dev' } } },
      Computed: { Type: 'AWS::SNS::Topic', Properties: { Tags: { 'Fn::If': ['c', [], []] } } },
    };

    // Act
    const changed = tagResources(resources, tags);

    // Assess
    expect(changed).toEqual(['Table', 'Stage']);
    expect(resources.Table?.Properties?.Tags).toEqual([
      { Key: 'owner', Value: 'data-team' },
      { Key: 'cost', Value: 'x' },
      { Key: 'service', Value: 'email' },
      { Key: 'stage', Value: 'dev' },
    ]);
    expect(resources.Stage?.Properties?.Tags).toEqual({
      stage: 'dev',
      service: 'email',
      owner: 'email-team',
    });
    expect(resources.Computed?.Properties?.Tags).toEqual({ 'Fn::If': ['c', [], []] });
  });
});
