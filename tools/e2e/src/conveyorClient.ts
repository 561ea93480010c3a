import { fileURLToPath } from 'node:url';
import { defaultLocalCloudPorts, discoverServices } from '@conveyor/local-cloud';

/** Where the running system answers. */
export interface ConveyorEndpoints {
  readonly checkout: string;
  readonly inventory: string;
  readonly shipping: string;
  readonly email: string;
  readonly marketing: string;
  readonly analytics: string;
  /** The SES v2 endpoint of the local cloud; its mail store is at `/store`. */
  readonly sesv2: string;
}

const httpUrlOf = (name: string): string => {
  const service = discoverServices(
    fileURLToPath(new URL('../../../services', import.meta.url)),
  ).find((candidate) => candidate.name === name);
  if (service === undefined)
    throw new Error(`No service ${name} with an offline target under services/`);
  return `http://127.0.0.1:${service.httpPort}`;
};

/** The endpoints `npm start` uses: each service's project.json `metadata.localPorts`. */
export const defaultEndpoints = (
  sesPort: number = defaultLocalCloudPorts.ses,
): ConveyorEndpoints => ({
  checkout: httpUrlOf('checkout'),
  inventory: httpUrlOf('inventory'),
  shipping: httpUrlOf('shipping'),
  email: httpUrlOf('email'),
  marketing: httpUrlOf('marketing'),
  analytics: httpUrlOf('analytics'),
  sesv2: `http://127.0.0.1:${String(sesPort)}`,
});

/** An order request, as `POST /checkout` takes it. */
export interface CheckoutRequest {
  readonly customer: { readonly id: string; readonly email: string; readonly name: string };
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  readonly shippingAddress: {
    readonly name: string;
    readonly line1: string;
    readonly city: string;
    readonly postalCode: string;
    readonly country: string;
  };
  readonly currency: string;
  readonly marketingOptIn: boolean;
}

/** One step of an order's timeline, as checkout shows it. */
export interface TimelineEntryView {
  readonly status: string;
  /** When the step happened (the event's time). */
  readonly at: string;
  readonly eventId: string;
  /** When checkout recorded it; absent from steps recorded before checkout kept it. */
  readonly recordedAt?: string;
}

/**
 * When an order started to read as it does after `entry`: the time checkout recorded the step,
 * which is what a client polling the order sees, or, for a step recorded before checkout kept
 * that, the step's own time.
 */
export const recordedTimeOf = (entry: TimelineEntryView): number =>
  Date.parse(entry.recordedAt ?? entry.at);

/** What checkout shows of an order. */
export interface OrderView {
  readonly orderId: string;
  readonly status: string;
  readonly timeline: readonly TimelineEntryView[];
  readonly total: { readonly amount: number; readonly currency: string };
}

/** Analytics' figures of a period, as `GET /analytics/daily` answers them. */
export interface Figures {
  readonly orders: {
    readonly placed: number;
    readonly confirmed: number;
    readonly rejected: number;
    readonly shipped: number;
  };
  readonly revenue: readonly { readonly currency: string; readonly amount: number }[];
  readonly reservationFailureRate?: number;
  readonly topSkus: readonly {
    readonly sku: string;
    readonly units: number;
    readonly orders: number;
  }[];
  readonly leadTime: { readonly orders: number; readonly p50Ms?: number; readonly p95Ms?: number };
}

/** `GET /analytics/daily`'s answer. */
export interface DailyFigures {
  readonly from: string;
  readonly to: string;
  readonly days: readonly ({ readonly date: string } & Figures)[];
  readonly total: Figures;
}

/** A registration, as `POST /customers` takes it. */
export interface RegistrationRequest {
  readonly name: string;
  readonly email: string;
  readonly marketingOptIn: boolean;
}

/** A registered customer, as `POST /customers` answers. */
export interface RegisteredCustomer {
  readonly customerId: string;
  readonly email: string;
  readonly name: string;
  readonly marketingOptIn: boolean;
  readonly registeredAt: string;
}

/** A customer in marketing's audience: figures, and the newsletter for a subscriber. */
export interface AudienceContact {
  readonly customerId: string;
  readonly email: string;
  readonly segment: string;
  readonly orderCount: number;
  readonly firstOrderAt?: string;
  readonly lastOrderAt?: string;
  readonly lifetimeValue: readonly { readonly currency: string; readonly amount: number }[];
  readonly newsletter?: { readonly subscribedAt: string };
}

/** A customer who left the audience through an unsubscribe link. */
export interface AudienceOptOut {
  readonly customerId: string;
  readonly unsubscribedAt: string;
}

/** What `GET /audience/contacts/{customerId}` answers with 200. */
export type AudienceEntry = AudienceContact | AudienceOptOut;

/** A mail in the local SES store. */
export interface StoredMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to?: readonly string[] } | readonly string[] | string;
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly at: number;
}

// The caller names the shape of the JSON it expects; this only parses.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
const json = async <T>(response: Response): Promise<{ status: number; body: T }> => {
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
};

const timeout = () => AbortSignal.timeout(15_000);
// A POST waits as long as API Gateway waits for its integration (30 s): a client that gave up
// sooner would retry work still under way, and add to a backlog the retries then wait behind.
const postTimeout = () => AbortSignal.timeout(30_000);

const UNSUBSCRIBE_LINK = /https?:\/\/[^\s"'<>]+\/audience\/unsubscribe\?token=[^\s"'<>]+/;

/**
 * The unsubscribe link of a mail (its text body names it in full), or `undefined` for a mail
 * that carries none: only mails the customer's marketing consent allows do.
 */
export const unsubscribeLinkOf = (mail: StoredMail): string | undefined =>
  UNSUBSCRIBE_LINK.exec(mail.body.text ?? '')?.[0];

/** A small HTTP client over the five services' APIs and the local mail store. */
export const conveyorClient = (endpoints: ConveyorEndpoints) => ({
  endpoints,
  placeOrder: async (request: CheckoutRequest, headers: Record<string, string> = {}) => {
    const response = await fetch(`${endpoints.checkout}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(request),
      signal: postTimeout(),
    });
    const result = await json<{ orderId: string; status: string }>(response);
    return { ...result, correlationId: response.headers.get('x-correlation-id') ?? undefined };
  },
  getOrder: async (orderId: string) =>
    json<OrderView>(await fetch(`${endpoints.checkout}/orders/${orderId}`, { signal: timeout() })),
  setStock: async (sku: string, onHand: number) =>
    json<{ sku: string; onHand: number; reserved: number; available: number }>(
      await fetch(`${endpoints.inventory}/inventory/items/${sku}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ onHand }),
        signal: timeout(),
      }),
    ),
  getStock: async (sku: string) =>
    json<{ sku: string; onHand: number; reserved: number; available: number }>(
      await fetch(`${endpoints.inventory}/inventory/items/${sku}`, { signal: timeout() }),
    ),
  getShipment: async (orderId: string) =>
    json<{
      carrier: string;
      trackingNumber: string;
      estimatedDelivery: string;
      labelKey: string;
      labelUrl?: string;
    }>(await fetch(`${endpoints.shipping}/shipments/${orderId}`, { signal: timeout() })),
  getContact: async (customerId: string) =>
    json<{
      customerId: string;
      email: string;
      segment: string;
      orderCount: number;
      lifetimeValue: { currency: string; amount: number }[];
    }>(
      await fetch(`${endpoints.marketing}/audience/contacts/${encodeURIComponent(customerId)}`, {
        signal: timeout(),
      }),
    ),
  registerCustomer: async (request: RegistrationRequest, headers: Record<string, string> = {}) => {
    const response = await fetch(`${endpoints.checkout}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(request),
      signal: timeout(),
    });
    const result = await json<RegisteredCustomer>(response);
    return { ...result, correlationId: response.headers.get('x-correlation-id') ?? undefined };
  },
  /** A contact or an opt-out with 200; 404 for a customer marketing does not keep. */
  getAudienceEntry: async (customerId: string) =>
    json<AudienceEntry>(
      await fetch(`${endpoints.marketing}/audience/contacts/${encodeURIComponent(customerId)}`, {
        signal: timeout(),
      }),
    ),
  /**
   * Unsubscribes through a mail's link as a person does: opens it (a page that only asks), then
   * presses its button, which posts the page's form back to the same URL. On this system's
   * marketing endpoint: the link names the port `npm start` gives marketing, and the tests run
   * it on another. Answers the last page, or the link's own answer when it has no form.
   */
  followUnsubscribeLink: async (link: string) => {
    const { pathname, search } = new URL(link);
    const url = `${endpoints.marketing}${pathname}${search}`;
    const page = async (response: Response) => ({
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    });
    const opened = await page(await fetch(url, { signal: timeout() }));
    const fields = [
      ...opened.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g),
    ].map(([, name = '', value = '']): [string, string] => [name, value]);
    if (opened.status !== 200 || fields.length === 0) return opened;
    return page(
      await fetch(url, {
        method: 'POST',
        headers: { accept: 'text/html' },
        body: new URLSearchParams(fields),
        redirect: 'manual',
        signal: timeout(),
      }),
    );
  },
  /** The mails in the local store, oldest first; with `since`, those sent from that second on. */
  mails: async (since?: Date): Promise<StoredMail[]> => {
    const query =
      since === undefined ? '' : `?since=${String(Math.floor(since.getTime() / 1_000))}`;
    const { body } = await json<{ emails: StoredMail[] }>(
      await fetch(`${endpoints.sesv2}/store${query}`, { signal: timeout() }),
    );
    return body.emails;
  },
  /** `GET /analytics/daily`: each day's figures and the range's, dates as YYYY-MM-DD (UTC). */
  dailyFigures: async (from: string, to: string) =>
    json<DailyFigures>(
      await fetch(
        `${endpoints.analytics}/analytics/daily?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { signal: timeout() },
      ),
    ),
  mailsTo: async (address: string): Promise<StoredMail[]> => {
    const { body } = await json<{ emails: StoredMail[] }>(
      await fetch(`${endpoints.sesv2}/store`, { signal: timeout() }),
    );
    return body.emails.filter((mail) => JSON.stringify(mail.destination).includes(address));
  },
});

/** The client type. */
export type ConveyorClient = ReturnType<typeof conveyorClient>;
