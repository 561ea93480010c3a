import { describe, expect, it } from 'vitest';
import { InvalidSealedTokenError, SealedTokenSecretError } from './errors.ts';
import { openSealedToken, sealToken } from './sealedToken.ts';

const options = { secret: 'a-local-secret-of-at-least-32-characters', purpose: 'unsubscribe' };

describe('sealToken and openSealedToken', () => {
  it('round-trips a payload without showing it in the token', () => {
    // Prepare
    const payload = { customerId: 'cus-1001' };

    // Act
    const token = sealToken(payload, options);
    const opened = openSealedToken(token, options);

    // Assess
    expect(opened).toEqual(payload);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('cus-1001');
  });

  it('refuses a token with one character changed', () => {
    // Prepare
    const token = sealToken({ customerId: 'cus-1001' }, options);
    const at = Math.floor(token.length / 2);
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;

    // Act
    const act = () => openSealedToken(tampered, options);

    // Assess
    expect(act).toThrow(InvalidSealedTokenError);
    expect(act).toThrow('The unsubscribe token is not valid');
  });

  it('refuses a token sealed for another purpose or with another secret', () => {
    // Prepare
    const token = sealToken({ customerId: 'cus-1001' }, options);

    // Act
    const otherPurpose = () => openSealedToken(token, { ...options, purpose: 'login' });
    const otherSecret = () =>
      openSealedToken(token, { ...options, secret: 'another-secret-of-at-least-32-characters' });

    // Assess
    expect(otherPurpose).toThrow(InvalidSealedTokenError);
    expect(otherSecret).toThrow(InvalidSealedTokenError);
  });

  it('answers 400 for garbage, and refuses a secret that is too short', () => {
    // Act
    const garbage = (() => {
      try {
        openSealedToken('not-a-token', options);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    const short = () => sealToken({}, { ...options, secret: 'short' });

    // Assess
    expect(garbage).toBeInstanceOf(InvalidSealedTokenError);
    expect((garbage as InvalidSealedTokenError).httpStatus).toBe(400);
    expect(short).toThrow(SealedTokenSecretError);
    expect(short).toThrow('A sealed-token secret needs at least 32 characters');
  });
});
