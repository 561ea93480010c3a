import { describe, expect, it } from 'vitest';
import { registrationRequestSchema } from './registrationRequest.ts';

const valid = () => ({ name: 'Ada Lovelace', email: 'ada@example.com', marketingOptIn: true });

const pathsOf = (input: unknown) => {
  const result = registrationRequestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('/'));
};

describe('registrationRequestSchema', () => {
  it('accepts a valid registration', () => {
    // Act
    const result = registrationRequestSchema.safeParse(valid());

    // Assess
    expect(result.success && result.data).toEqual(valid());
  });

  it('lower-cases and trims the email, and trims the name', () => {
    // Act
    const result = registrationRequestSchema.safeParse({
      ...valid(),
      email: '  Ada.Lovelace@Example.COM ',
      name: ' Ada Lovelace  ',
    });

    // Assess
    expect(result.success && result.data).toEqual({
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      marketingOptIn: true,
    });
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['an email of 255 characters', { email: `${'a'.repeat(243)}@example.com` }, 'email'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name of 201 characters', { name: 'x'.repeat(201) }, 'name'],
    ['a name with a control character', { name: 'Bob\u0000\u001b[31m' }, 'name'],
    ['a consent that is not a boolean', { marketingOptIn: 'yes' }, 'marketingOptIn'],
    ['an unexpected field', { customerId: 'cus-1' }, ''],
  ])('rejects %s', (_label, change, path) => {
    // Act
    const paths = pathsOf({ ...valid(), ...change });

    // Assess
    expect(paths).toEqual([path]);
  });

  it('names every missing field', () => {
    // Act
    const paths = pathsOf({});

    // Assess
    expect(paths.toSorted()).toEqual(['email', 'marketingOptIn', 'name']);
  });

  it.each([null, [], 'x'])('names the fields it expects for a body of %j', (input) => {
    // Act
    const result = registrationRequestSchema.safeParse(input);

    // Assess
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a JSON object with name, email and marketingOptIn',
    ]);
  });
});
