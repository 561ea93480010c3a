import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { encryptionAtRestRule } from './encryptionAtRestRule.ts';

describe('encryptionAtRestRule', () => {
  it('passes SQS-managed encryption on queues and a KMS key on topics', () => {
    // Act
    const lines = violationLines(encryptionAtRestRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('passes a queue encrypted with a KMS key instead', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      delete properties.SqsManagedSseEnabled;
      properties.KmsMasterKeyId = 'alias/aws/sqs';
    });

    // Act
    const lines = violationLines(encryptionAtRestRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an unencrypted queue', () => {
    // Prepare
    const stack = stackWith('OrdersDlq', (properties) => {
      properties.SqsManagedSseEnabled = false;
    });

    // Act
    const lines = violationLines(encryptionAtRestRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: encryption-at-rest: queue is not encrypted at rest: set SqsManagedSseEnabled: true or KmsMasterKeyId',
    ]);
  });

  it('fails an unencrypted topic', () => {
    // Prepare
    const stack = stackWith('InventoryEventsTopic', (properties) => {
      delete properties.KmsMasterKeyId;
    });

    // Act
    const lines = violationLines(encryptionAtRestRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: InventoryEventsTopic: encryption-at-rest: topic is not encrypted at rest: set KmsMasterKeyId (alias/aws/sns for the AWS managed key)',
    ]);
  });
});
