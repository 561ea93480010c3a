import { html, type SafeHtml } from './html.ts';

const SIGNATURE = 'The Conveyor team';
const CONSENT = 'You agreed to receive news and offers from Conveyor.';
const MUTED = 'color:#71717a;font-size:12px';

/** What the footer of a mail says: why the customer gets it, and how to leave the newsletter. */
export interface EmailFooter {
  /** Why this mail, such as "You receive this mail because you ordered from Conveyor." */
  readonly reason: string;
  /** The unsubscribe link, only when the triggering event says the customer consented. */
  readonly unsubscribeUrl?: string | undefined;
}

const documentOf = (title: string, body: SafeHtml, footer: EmailFooter): string =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="margin:0;padding:24px;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b;line-height:1.5"
      >
        <div
          style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px"
        >
          ${body}
          <p>${SIGNATURE}</p>
          <p style="${MUTED}">${footer.reason}</p>
          ${
            footer.unsubscribeUrl === undefined
              ? []
              : html`<p style="${MUTED}">
                  ${CONSENT}
                  <a href="${footer.unsubscribeUrl}" style="color:#71717a">Unsubscribe</a> at any
                  time.
                </p>`
          }
        </div>
      </body>
    </html>`.value;

const textOf = (lines: readonly string[], footer: EmailFooter): string =>
  [
    ...lines,
    '',
    SIGNATURE,
    '',
    '--',
    footer.reason,
    ...(footer.unsubscribeUrl === undefined
      ? []
      : [`${CONSENT} To stop them, unsubscribe: ${footer.unsubscribeUrl}`]),
    '',
  ].join('\n');

/** The frame every mail shares: an HTML document (inline styles, as mail clients need) and its text twin. */
export const emailLayout = { html: documentOf, text: textOf } as const;

/** The reason of the mails about an order. */
export const ORDER_MAIL_REASON = 'You receive this mail because you ordered from Conveyor.';
