import { html, type SafeHtml } from './html.ts';

const SIGNATURE = 'The Conveyor team';
const FOOTER = 'You receive this mail because you ordered from Conveyor.';

const documentOf = (title: string, body: SafeHtml): string =>
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
          <p style="color:#71717a;font-size:12px">${FOOTER}</p>
        </div>
      </body>
    </html>`.value;

const textOf = (lines: readonly string[]): string =>
  [...lines, '', SIGNATURE, '', '--', FOOTER, ''].join('\n');

/** The frame every mail shares: an HTML document (inline styles, as mail clients need) and its text twin. */
export const emailLayout = { html: documentOf, text: textOf } as const;
