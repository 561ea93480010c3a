import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import {
  contractFixture,
  handlerModule,
  subscriptionOf,
} from '../../tests/fixtures/fixtureContracts.ts';
import { formatViolation } from '../violation.ts';
import { checkHandlerCoverage, handlerModulePath } from './handlerCoverageCheck.ts';

const FUNCTION = 'OnOrderPlacedLambdaFunction';

describe('checkHandlerCoverage', () => {
  it('maps a Handler setting to its module', () => {
    // Act
    const path = handlerModulePath('src/handlers/onOrderPlaced.handler');

    // Assess
    expect(path).toBe('src/handlers/onOrderPlaced.ts');
  });

  it('passes a handler that handles exactly what its subscriptions deliver', () => {
    // Prepare
    const { stacks, sources } = contractFixture();

    // Act
    const lines = checkHandlerCoverage(stacks, sources, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a handled event type that no subscription lets through', () => {
    // Prepare
    const { stacks, sources } = contractFixture({ handled: ['order.placed', 'shipment.created'] });

    // Act
    const lines = checkHandlerCoverage(stacks, sources, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      `inventory: ${FUNCTION}: handler-coverage: src/handlers/onOrderPlaced.ts handles shipment.created, but no subscription of OrdersQueue lets it through (dead code or a wrong filter)`,
    ]);
  });

  it('fails a delivered event type that no handler handles', () => {
    // Prepare
    const { stacks, sources } = contractFixture({
      change: (resources) => {
        subscriptionOf(resources).FilterPolicy = { eventType: ['order.placed'] };
      },
      handled: [],
    });

    // Act
    const lines = checkHandlerCoverage(stacks, sources, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      `inventory: ${FUNCTION}: handler-coverage: subscriptions of OrdersQueue let order.placed through, but src/handlers/onOrderPlaced.ts has no handler for it (each one would fail to the DLQ)`,
    ]);
  });

  it('fails a makeSqsEventHandler module that no event source invokes', () => {
    // Prepare
    const { stacks, sources } = contractFixture();
    const withOrphan = {
      inventory: {
        ...sources.inventory,
        'src/handlers/onStockLow.ts': handlerModule(['stock.low']),
      },
    };

    // Act
    const lines = checkHandlerCoverage(stacks, withOrphan, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      'inventory: src/handlers/onStockLow.ts: handler-coverage: handles stock.low through makeSqsEventHandler, but no SQS event source invokes it',
    ]);
  });

  it('fails a consumer whose handler module is missing', () => {
    // Prepare
    const { stacks } = contractFixture();

    // Act
    const lines = checkHandlerCoverage(stacks, { inventory: {} }, topology).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      `inventory: ${FUNCTION}: handler-coverage: handler module src/handlers/onOrderPlaced.ts not found`,
    ]);
  });
});
