import { describe, expect, it } from 'vitest';
import { AwsApi, awsErrorAnswer, Refusal } from './awsErrorAnswer.ts';

describe('awsErrorAnswer', () => {
  it('answers an SNS denial as AuthorizationError in SNS query XML, an SQS one as AccessDenied JSON', () => {
    // Prepare
    const message = 'User: arn is not authorized to perform: SNS:Publish';

    // Act
    const sns = awsErrorAnswer(AwsApi.sns, Refusal.accessDenied, message);
    const sqs = awsErrorAnswer(AwsApi.sqs, Refusal.accessDenied, message);

    // Assess
    expect(sns.status).toBe(403);
    expect(sns.headers['content-type']).toBe('text/xml');
    expect(sns.body).toContain('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    expect(sns.body).toContain('<Code>AuthorizationError</Code>');
    expect(sqs.status).toBe(403);
    expect(sqs.headers['x-amzn-query-error']).toBe('AccessDenied;Sender');
    expect(JSON.parse(sqs.body)).toEqual({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      message,
    });
  });

  it("answers STS and SES v1 with the query protocol's codes, and DynamoDB with 400", () => {
    // Act
    const sts = awsErrorAnswer(AwsApi.sts, Refusal.expired, 'expired');
    const sesV1 = awsErrorAnswer(AwsApi.sesV1, Refusal.malformed, 'bad');
    const dynamodb = awsErrorAnswer(AwsApi.dynamodb, Refusal.accessDenied, 'no');

    // Assess
    expect(sts.status).toBe(403);
    expect(sts.body).toContain('<Code>AccessDenied</Code>');
    expect(sesV1.status).toBe(400);
    expect(sesV1.body).toContain('<Code>IncompleteSignature</Code>');
    expect(sesV1.body).toContain('xmlns="http://ses.amazonaws.com/doc/2010-12-01/"');
    expect(dynamodb.status).toBe(400);
    expect(JSON.parse(dynamodb.body)).toEqual({
      __type: 'com.amazon.coral.service#AccessDeniedException',
      Message: 'no',
    });
  });

  it('answers S3 in REST XML with the extra elements escaped, and a HEAD with no body', () => {
    // Act
    const get = awsErrorAnswer(AwsApi.s3, Refusal.expired, 'Request has expired', {
      method: 'GET',
      extra: { 'X-Amz-Expires': '<60>' },
    });
    const head = awsErrorAnswer(AwsApi.s3, Refusal.unknownKey, 'unknown', { method: 'HEAD' });

    // Assess
    expect(get.status).toBe(403);
    expect(get.body).toContain(
      '<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>&lt;60&gt;</X-Amz-Expires>',
    );
    expect(head.status).toBe(403);
    expect(head.body).toBe('');
  });

  it('names the SES v2 error in its x-amzn-errortype header', () => {
    // Act
    const answer = awsErrorAnswer(AwsApi.sesV2, Refusal.signatureMismatch, 'mismatch');

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(JSON.parse(answer.body)).toEqual({ message: 'mismatch' });
  });
});
