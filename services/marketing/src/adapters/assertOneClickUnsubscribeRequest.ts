import { PermanentError } from '@conveyor/lambda-toolkit';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The form field a one-click POST carries: the value of the mail's `List-Unsubscribe-Post`. */
export const ONE_CLICK_FIELD = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

// RFC 8058 section 3.2: receivers SHOULD send multipart/form-data and MAY send urlencoded.
const FORM_MEDIA_TYPES: readonly string[] = [
  'multipart/form-data',
  'application/x-www-form-urlencoded',
];
// The body is one short field; anything much bigger is not a one-click request.
const MAX_BODY_BYTES = 4096;

/**
 * A POST to the unsubscribe URL that is not an RFC 8058 one-click request, with what is wrong
 * with it. Answered 400.
 */
export class InvalidOneClickRequestError extends PermanentError {
  public override readonly name = 'InvalidOneClickRequestError';

  public constructor(reason: string, options?: ErrorOptions) {
    super(
      `A one-click unsubscribe is a form (multipart/form-data or application/x-www-form-urlencoded) with the field ${ONE_CLICK_FIELD.name}=${ONE_CLICK_FIELD.value}: ${reason}`,
      { ...options, httpStatus: 400 },
    );
  }
}

const headerValue = (
  headers: APIGatewayProxyEventV2['headers'],
  name: string,
): string | undefined => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * Checks that a POST to the unsubscribe URL is an RFC 8058 one-click request: a form, in either
 * encoding the RFC allows, whose `List-Unsubscribe` field is `One-Click`. Other fields are
 * ignored. HTTP APIs may hand the body over base64-encoded (they do for multipart), so both
 * forms are read. Throws {@link InvalidOneClickRequestError} (HTTP 400) for anything else.
 */
export const assertOneClickUnsubscribeRequest = async (
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>,
): Promise<void> => {
  const contentType = headerValue(event.headers, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType === undefined || !FORM_MEDIA_TYPES.includes(mediaType)) {
    throw new InvalidOneClickRequestError(
      contentType === undefined ? 'the request has no Content-Type' : `not ${contentType}`,
    );
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length === 0) throw new InvalidOneClickRequestError('the body is empty');
  if (body.length > MAX_BODY_BYTES) {
    throw new InvalidOneClickRequestError(
      `the body is ${String(body.length)} bytes, and such a form is under ${String(MAX_BODY_BYTES)}`,
    );
  }
  let form: FormData;
  try {
    // The platform's form parser: the same rules for both encodings, boundaries included. Its
    // deprecation warns of buffering big uploads; this body is capped at a few KiB above.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new InvalidOneClickRequestError(`the body is not a ${mediaType} form`, { cause: error });
  }
  if (!form.getAll(ONE_CLICK_FIELD.name).includes(ONE_CLICK_FIELD.value)) {
    throw new InvalidOneClickRequestError(
      `the form has no ${ONE_CLICK_FIELD.name} field with the value ${ONE_CLICK_FIELD.value}`,
    );
  }
};
