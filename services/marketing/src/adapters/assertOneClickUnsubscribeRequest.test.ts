import { describe, expect, it } from 'vitest';
import {
  assertOneClickUnsubscribeRequest,
  InvalidOneClickRequestError,
} from './assertOneClickUnsubscribeRequest.ts';

const URLENCODED = 'application/x-www-form-urlencoded';

/** A form as a browser or mail client encodes it, with the content type it sends. */
const encoded = async (form: FormData) => {
  const request = new Request('https://example.test/', { method: 'POST', body: form });
  return {
    contentType: request.headers.get('content-type') ?? '',
    body: Buffer.from(await request.arrayBuffer()),
  };
};

const oneClickForm = () => {
  const form = new FormData();
  form.append('List-Unsubscribe', 'One-Click');
  return form;
};

const requestOf = (contentType: string | undefined, body: string | undefined, base64 = false) => ({
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  ...(body === undefined ? {} : { body }),
  isBase64Encoded: base64,
});

describe('assertOneClickUnsubscribeRequest', () => {
  it('accepts the urlencoded form, as text or base64 as HTTP APIs may pass it', async () => {
    // Prepare
    const body = 'List-Unsubscribe=One-Click';
    const requests = [
      requestOf(URLENCODED, body),
      requestOf(`${URLENCODED}; charset=utf-8`, body),
      requestOf(URLENCODED, Buffer.from(body).toString('base64'), true),
      { ...requestOf(undefined, body), headers: { 'Content-Type': URLENCODED } },
    ];

    // Act
    const outcomes = await Promise.allSettled(requests.map(assertOneClickUnsubscribeRequest));

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(4).fill('fulfilled'));
  });

  it('accepts the multipart form RFC 8058 recommends, base64-encoded as HTTP APIs pass it', async () => {
    // Prepare
    const { contentType, body } = await encoded(oneClickForm());

    // Act
    const check = assertOneClickUnsubscribeRequest(
      requestOf(contentType, body.toString('base64'), true),
    );

    // Assess
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    await expect(check).resolves.toBeUndefined();
  });

  it('ignores other fields beside the one-click field', async () => {
    // Prepare
    const request = requestOf(URLENCODED, 'utm=mail&List-Unsubscribe=One-Click');

    // Act
    const check = assertOneClickUnsubscribeRequest(request);

    // Assess
    await expect(check).resolves.toBeUndefined();
  });

  const noField = 'the form has no List-Unsubscribe field with the value One-Click';
  it.each([
    ['no body', requestOf(URLENCODED, undefined), 'the body is empty'],
    ['an empty body', requestOf(URLENCODED, ''), 'the body is empty'],
    ['another value', requestOf(URLENCODED, 'List-Unsubscribe=Yes'), noField],
    ['the value in another case', requestOf(URLENCODED, 'List-Unsubscribe=one-click'), noField],
    ['another field', requestOf(URLENCODED, 'Unsubscribe=One-Click'), noField],
    [
      'the pair as JSON',
      requestOf('application/json', '{"List-Unsubscribe":"One-Click"}'),
      'not application/json',
    ],
    [
      'the pair as plain text',
      requestOf('text/plain', 'List-Unsubscribe=One-Click'),
      'not text/plain',
    ],
    [
      'no content type',
      requestOf(undefined, 'List-Unsubscribe=One-Click'),
      'the request has no Content-Type',
    ],
    [
      'a multipart body without its boundary',
      requestOf('multipart/form-data', 'List-Unsubscribe=One-Click'),
      'the body is not a multipart/form-data form',
    ],
    [
      'a body over 4 KiB',
      requestOf(URLENCODED, `List-Unsubscribe=One-Click&pad=${'x'.repeat(4096)}`),
      'the body is 4127 bytes, and such a form is under 4096',
    ],
  ])('refuses %s with a 400 error saying why', async (_case, request, reason) => {
    // Prepare
    const check = () => assertOneClickUnsubscribeRequest(request);

    // Act
    const refusal = check();

    // Assess
    await expect(refusal).rejects.toBeInstanceOf(InvalidOneClickRequestError);
    await expect(refusal).rejects.toMatchObject({ httpStatus: 400 });
    await expect(refusal).rejects.toThrow(`List-Unsubscribe=One-Click: ${reason}`);
  });

  it('refuses a multipart form whose field is not the one-click pair', async () => {
    // Prepare
    const form = new FormData();
    form.append('List-Unsubscribe', 'Later');
    const { contentType, body } = await encoded(form);

    // Act
    const refusal = assertOneClickUnsubscribeRequest(
      requestOf(contentType, body.toString('base64'), true),
    );

    // Assess
    await expect(refusal).rejects.toBeInstanceOf(InvalidOneClickRequestError);
  });
});
