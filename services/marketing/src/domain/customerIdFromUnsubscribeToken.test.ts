import { InvalidSealedTokenError, sealToken } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import {
  customerIdFromUnsubscribeToken,
  UNSUBSCRIBE_TOKEN_PURPOSE,
} from './customerIdFromUnsubscribeToken.ts';

const secret = 'a-test-secret-of-at-least-32-characters';
const seal = (payload: unknown, options: { secret?: string; purpose?: string } = {}) =>
  sealToken(payload, {
    secret: options.secret ?? secret,
    purpose: options.purpose ?? UNSUBSCRIBE_TOKEN_PURPOSE,
  });

describe('customerIdFromUnsubscribeToken', () => {
  it('opens the token email seals and names the customer', () => {
    // Prepare
    const token = seal({ customerId: 'cus-42' });

    // Act
    const customerId = customerIdFromUnsubscribeToken(token, secret);

    // Assess
    expect(customerId).toBe('cus-42');
    expect(token).not.toContain('cus-42');
  });

  it.each([
    ['missing', undefined, 'The unsubscribe token is missing'],
    ['empty', '', 'The unsubscribe token is missing'],
    ['not a token', 'hello', 'The unsubscribe token is not valid'],
    [
      'tampered with',
      `${seal({ customerId: 'cus-42' }).slice(0, -2)}AA`,
      'The unsubscribe token is not valid',
    ],
    [
      'for another purpose',
      seal({ customerId: 'cus-42' }, { purpose: 'password-reset' }),
      'The unsubscribe token is not valid',
    ],
    [
      'sealed with another secret',
      seal({ customerId: 'cus-42' }, { secret: 'x'.repeat(40) }),
      'The unsubscribe token is not valid',
    ],
    ['without a customer id', seal({ orderId: 'ord-1' }), 'The unsubscribe token is not valid'],
    ['with an empty customer id', seal({ customerId: '' }), 'The unsubscribe token is not valid'],
  ])('refuses a token %s with a 400 error that says so', (_case, token, message) => {
    // Prepare
    const open = () => customerIdFromUnsubscribeToken(token, secret);

    // Act
    let thrown: unknown;
    try {
      open();
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InvalidSealedTokenError);
    expect(thrown).toMatchObject({ httpStatus: 400, retryable: false, message });
  });
});
