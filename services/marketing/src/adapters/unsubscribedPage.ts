import type { HttpResponse } from '@conveyor/lambda-toolkit';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>You are unsubscribed</title>
</head>
<body>
<main>
<h1>You are unsubscribed</h1>
<p>We will send you no more newsletters or offers.</p>
<p>Mails about your orders, such as confirmations and shipping notices, still reach you.</p>
</main>
</body>
</html>
`;

/**
 * The page an unsubscribe link answers with: the same whatever the customer, so it shows no id
 * or address. The link carries a token, so the page is never cached and sends no referrer.
 */
export const unsubscribedPage = (): HttpResponse => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
  },
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
