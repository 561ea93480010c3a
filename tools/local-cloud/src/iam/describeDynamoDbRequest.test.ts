import { describe, expect, it } from 'vitest';
import { describeDynamoDbRequest } from './describeDynamoDbRequest.ts';

const scope = { accountId: '000000000000', region: 'us-east-1' };
const table = (name: string): string => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

describe('describeDynamoDbRequest', () => {
  it('needs the action on the table, or on the index a query names', () => {
    // Act
    const get = describeDynamoDbRequest(
      'DynamoDB_20120810.GetItem',
      { TableName: 'orders' },
      scope,
    );
    const query = describeDynamoDbRequest(
      'DynamoDB_20120810.Query',
      { TableName: 'orders', IndexName: 'byCustomer', Select: 'COUNT' },
      scope,
    );

    // Assess
    expect(get.checks).toEqual([
      { action: 'dynamodb:GetItem', resources: [table('orders')], context: {} },
    ]);
    expect(query.checks).toEqual([
      {
        action: 'dynamodb:Query',
        resources: [`${table('orders')}/index/byCustomer`],
        context: { 'dynamodb:Select': 'COUNT' },
      },
    ]);
  });

  it("needs each transaction item's own action on its table", () => {
    // Prepare
    const input = {
      TransactItems: [
        { Put: { TableName: 'orders', Item: {} } },
        { Update: { TableName: 'stock', Key: {} } },
        { ConditionCheck: { TableName: 'orders', Key: {} } },
        { Put: { TableName: 'orders', Item: {} } },
      ],
    };

    // Act
    const described = describeDynamoDbRequest('DynamoDB_20120810.TransactWriteItems', input, scope);

    // Assess
    expect(
      described.checks.map((check) => `${check.action ?? '?'} ${check.resources.join()}`),
    ).toEqual([
      `dynamodb:PutItem ${table('orders')}`,
      `dynamodb:UpdateItem ${table('stock')}`,
      `dynamodb:ConditionCheckItem ${table('orders')}`,
    ]);
  });

  it('knows no action for a PartiQL statement', () => {
    // Act
    const described = describeDynamoDbRequest(
      'DynamoDB_20120810.ExecuteStatement',
      { Statement: 'SELECT * FROM orders' },
      scope,
    );

    // Assess
    expect(described.checks).toEqual([{ action: undefined, resources: [], context: {} }]);
  });
});
