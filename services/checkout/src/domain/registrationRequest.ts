import * as z from 'zod';

const INVALID_EMAIL = 'must be a valid email address';

/**
 * The body of `POST /customers`. The email is trimmed and lower-cased before it is checked, so
 * `Ada@Example.com ` and `ada@example.com` are one registration; the name is only trimmed.
 */
export const registrationRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  email: z
    .string(INVALID_EMAIL)
    .trim()
    .toLowerCase()
    .max(254, 'must be at most 254 characters')
    .pipe(z.email(INVALID_EMAIL)),
  marketingOptIn: z.boolean('must be true or false'),
});

/** A validated, normalised registration. */
export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
