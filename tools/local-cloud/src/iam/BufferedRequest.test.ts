import { describe, expect, it } from 'vitest';
import { type BufferedRequest, jsonBody } from './BufferedRequest.ts';

const withBody = (body: string): BufferedRequest => ({
  method: 'POST',
  rawPath: '/',
  rawQuery: '',
  query: [],
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: Buffer.from(body, 'utf8'),
});

describe('jsonBody', () => {
  it('parses a request body once, however many readers ask', () => {
    // Prepare
    const request = withBody('{"TableName":"orders","Item":{"orderId":{"S":"o-1"}}}');

    // Act
    const first = jsonBody(request);
    const second = jsonBody(request);

    // Assess
    expect(first).toEqual({ TableName: 'orders', Item: { orderId: { S: 'o-1' } } });
    expect(second).toBe(first);
  });

  it('keeps each request apart, even with equal bodies', () => {
    // Prepare
    const one = withBody('{"QueueUrl":"a"}');
    const other = withBody('{"QueueUrl":"a"}');

    // Act
    const parsed = [jsonBody(one), jsonBody(other)];

    // Assess
    expect(parsed[0]).toEqual(parsed[1]);
    expect(parsed[0]).not.toBe(parsed[1]);
  });

  it.each([
    ['an empty body', ''],
    ['a body that is not JSON', 'Action=Publish&TopicArn=x'],
  ])('reads %s as an empty object', (_name, body) => {
    // Act
    const parsed = jsonBody(withBody(body));

    // Assess
    expect(parsed).toEqual({});
  });
});
