/**
 * HTTP API routes anyone may call, as `<service> <METHOD> <path>` (the route key after the
 * service). Every other route needs an authorizer (`route-authorization`). Keep the list short:
 * each entry needs the reason no signature can be asked for and says what its answers reveal.
 */
export const publicRoutes: ReadonlySet<string> = new Set([
  // The storefront places orders for shoppers without an account; the stage throttles it.
  'checkout POST /checkout',
  // The storefront registers customers. A repeat with the same details answers that customer's
  // id, other details for a known email 409: like any sign-up form, it tells whether an email is
  // registered, at the stage's throttle; it never answers an address or another name.
  'checkout POST /customers',
  // The shopper's order page: the order id from the checkout's answer is the credential (a
  // random UUID, or one derived from the customer id and the Idempotency-Key, then as hard to
  // guess as that key), and the answer holds no name, email or address.
  'checkout GET /orders/{orderId}',
  // The unsubscribe link in a mail: its sealed token is the credential.
  'marketing GET /audience/unsubscribe',
  'marketing POST /audience/unsubscribe',
  // A liveness probe: it answers the service's name and stage, nothing else.
  'analytics GET /analytics/status',
]);
