import { InvalidSealedTokenError, openSealedToken } from '@conveyor/lambda-toolkit';
import { describe, expect, it } from 'vitest';
import { makeUnsubscribeLink } from './unsubscribeLink.ts';

const SECRET = 'local-unsubscribe-token-secret-not-for-use-in-aws';
const URL_BASE = 'http://127.0.0.1:3005/audience/unsubscribe';

const tokenOf = (link: string): string => {
  const token = new URL(link).searchParams.get('token');
  if (token === null) throw new Error(`no token in ${link}`);
  return token;
};

describe('makeUnsubscribeLink', () => {
  it('makes <UNSUBSCRIBE_URL>?token=<token>, a token that opens with the secret to the customer id', () => {
    // Prepare
    const linkFor = makeUnsubscribeLink({ url: URL_BASE, secret: SECRET });

    // Act
    const link = linkFor('cus-1001');

    // Assess
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3005\/audience\/unsubscribe\?token=[\w-]+$/);
    expect(openSealedToken(tokenOf(link), { secret: SECRET, purpose: 'unsubscribe' })).toEqual({
      customerId: 'cus-1001',
    });
  });

  it('names no customer in clear', () => {
    // Prepare
    const linkFor = makeUnsubscribeLink({ url: URL_BASE, secret: SECRET });

    // Act
    const link = linkFor('cus-1001');

    // Assess
    expect(link).not.toContain('cus-1001');
    expect(Buffer.from(tokenOf(link), 'base64url').toString('latin1')).not.toContain('cus-1001');
  });

  it('makes tokens that open neither with another secret nor for another purpose', () => {
    // Prepare
    const token = tokenOf(makeUnsubscribeLink({ url: URL_BASE, secret: SECRET })('cus-1001'));

    // Act
    const withOtherSecret = () =>
      openSealedToken(token, { secret: `${SECRET}-other`, purpose: 'unsubscribe' });
    const forOtherPurpose = () => openSealedToken(token, { secret: SECRET, purpose: 'login' });

    // Assess
    expect(withOtherSecret).toThrow(InvalidSealedTokenError);
    expect(forOtherPurpose).toThrow(InvalidSealedTokenError);
  });
});
