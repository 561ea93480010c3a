import type { HttpResponse } from '@conveyor/lambda-toolkit';
import { ONE_CLICK_FIELD } from './assertOneClickUnsubscribeRequest.ts';

// A small page with nothing from the request in it: no id, address or token.
const htmlPage = (title: string, main: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;

const ORDER_MAILS_STAY =
  '<p>Mails about your orders, such as confirmations and shipping notices, still reach you.</p>';

// The form posts to the page's own URL, token included, the body a one-click request carries:
// the route then has one way to unsubscribe, whoever asks.
const CONFIRM_PAGE = htmlPage(
  'Unsubscribe',
  `<h1>Unsubscribe from newsletters and offers?</h1>
${ORDER_MAILS_STAY}
<form method="post">
<input type="hidden" name="${ONE_CLICK_FIELD.name}" value="${ONE_CLICK_FIELD.value}">
<button type="submit">Unsubscribe</button>
</form>`,
);

const PAGE = htmlPage(
  'You are unsubscribed',
  `<h1>You are unsubscribed</h1>
<p>We will send you no more newsletters or offers.</p>
${ORDER_MAILS_STAY}`,
);

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * The page an unsubscribe link opens: it asks, and its button posts the one-click form to the
 * same URL. Opening it changes nothing, since mail scanners and prefetchers open every link of
 * a mail. The same whatever the customer, so it shows no id or address; never cached, and it
 * sends no referrer (the URL carries the token).
 */
export const confirmUnsubscribePage = (): HttpResponse => ({
  statusCode: 200,
  headers: {
    ...pageHeaders,
    // No script, style or image; the one form may only post back here, from no other page's frame.
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
  },
  body: CONFIRM_PAGE,
});

/**
 * The page a confirmed unsubscribe answers with: the same whatever the customer, so it shows no id
 * or address. The link carries a token, so the page is never cached and sends no referrer.
 */
export const unsubscribedPage = (): HttpResponse => ({
  statusCode: 200,
  headers: { ...pageHeaders, 'content-security-policy': "default-src 'none'" },
  body: PAGE,
});

/**
 * The answer to a one-click unsubscribe (RFC 8058): a mail client posts it and shows its own
 * confirmation, so a line of text does. Never a redirect: redirected POSTs are not followed
 * reliably, which the RFC forbids for this reason.
 */
export const oneClickUnsubscribed = (): HttpResponse => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: 'Unsubscribed\n',
});
