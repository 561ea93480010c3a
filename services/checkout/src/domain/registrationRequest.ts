import * as z from 'zod/mini';
import { emailAddress } from './emailAddress.ts';
import { singleLineText } from './singleLineText.ts';

/**
 * The body of `POST /customers`. The email is trimmed and lower-cased before it is checked, so
 * `Ada@Example.com ` and `ada@example.com` are one registration; the name is only trimmed,
 * and refused with a control character in it.
 */
export const registrationRequestSchema = z.strictObject(
  {
    name: singleLineText(200),
    email: emailAddress(),
    marketingOptIn: z.boolean('must be true or false'),
  },
  'must be a JSON object with name, email and marketingOptIn',
);

/** A validated, normalised registration. */
export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
