/**
 * HTTP API routes anyone may call, as `<service> <METHOD> <path>` (the route key after the
 * service). Every other route needs an authorizer (`route-authorization`). Keep the list short:
 * each entry needs the reason no signature can be asked for, and answers carry no customer data
 * beyond what the caller sent or holds a credential for.
 */
export const publicRoutes: ReadonlySet<string> = new Set([
  // The storefront places orders for shoppers without an account; the stage throttles it.
  'checkout POST /checkout',
  // The storefront registers customers; a repeat answers the customer only when every detail
  // matches what was sent.
  'checkout POST /customers',
  // The shopper's order page: the order id (a UUID from the checkout's answer) is the
  // credential, and the answer holds no name, email or address.
  'checkout GET /orders/{orderId}',
  // The unsubscribe link in a mail: its sealed token is the credential.
  'marketing GET /audience/unsubscribe',
  'marketing POST /audience/unsubscribe',
  // A liveness probe: it answers the service's name and stage, nothing else.
  'analytics GET /analytics/status',
]);
