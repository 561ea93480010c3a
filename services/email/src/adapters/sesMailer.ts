import {
  BadRequestException,
  MessageRejected,
  SendEmailCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import { maskEmail, PermanentError, TransientError } from '@conveyor/lambda-toolkit';
import type { SendEmail } from '../domain/email.ts';

/** Header carrying the event id in every mail, so support can trace a mail back to its event. */
export const EVENT_ID_HEADER = 'X-Conveyor-Event-Id';

/**
 * RFC 2369 header that mail clients turn into their own "unsubscribe" button. Only the URL form:
 * marketing takes both a GET and RFC 8058's one-click POST on it.
 */
export const LIST_UNSUBSCRIBE_HEADER = 'List-Unsubscribe';

/**
 * RFC 8058 header that tells a mail client it may unsubscribe with one POST of this form to the
 * `List-Unsubscribe` URL, with no page to visit. The value is fixed by the RFC.
 */
export const LIST_UNSUBSCRIBE_POST_HEADER = {
  Name: 'List-Unsubscribe-Post',
  Value: 'List-Unsubscribe=One-Click',
} as const;

const EMAIL_ADDRESS = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+/g;

// SES error messages can quote the recipient ("... failed the check: ada@example.com"), and the
// toolkit logs failures with their message: keep only masked addresses, and drop the original.
const redacted = (error: unknown): string => {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return `SES SendEmail failed: ${name}: ${message.replace(EMAIL_ADDRESS, maskEmail)}`;
};

const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });

/**
 * Adapter: sends through SES v2 `SendEmail` from the stage's sender, with both bodies and, for
 * a mail with an unsubscribe link, the `List-Unsubscribe` and `List-Unsubscribe-Post` headers
 * (simple content takes custom headers, within SES's 995 characters per value). A request
 * SES refuses as such (`MessageRejected`, `BadRequestException`) is permanent: the same mail
 * would be refused again. Anything else (throttling, a paused account, the network) may heal.
 */
export const makeSendEmail =
  (client: SESv2Client, fromAddress: string): SendEmail =>
  async (email, trace) => {
    try {
      const result = await client.send(
        new SendEmailCommand({
          FromEmailAddress: fromAddress,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: utf8(email.subject),
              Body: { Html: utf8(email.html), Text: utf8(email.text) },
              Headers: [
                { Name: EVENT_ID_HEADER, Value: trace.eventId },
                ...(email.unsubscribeUrl === undefined
                  ? []
                  : [
                      { Name: LIST_UNSUBSCRIBE_HEADER, Value: `<${email.unsubscribeUrl}>` },
                      LIST_UNSUBSCRIBE_POST_HEADER,
                    ]),
              ],
            },
          },
          EmailTags: [
            { Name: 'template', Value: email.template },
            { Name: 'eventId', Value: trace.eventId },
          ],
        }),
      );
      // SES always returns an id; throwing here would only send the mail again.
      return { messageId: result.MessageId ?? 'unknown' };
    } catch (error) {
      if (error instanceof MessageRejected || error instanceof BadRequestException) {
        throw new PermanentError(redacted(error));
      }
      throw new TransientError(redacted(error));
    }
  };
