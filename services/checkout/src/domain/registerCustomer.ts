import { buildEvent, type CustomerRegisteredV1 } from '@conveyor/event-types';
import type {
  Customer,
  GetCustomerByEmail,
  MarkCustomerPublished,
  SaveNewCustomer,
} from './customer.ts';
import type { RegistrationRequest } from './registrationRequest.ts';

/** The ports `registerCustomer` needs. */
export interface RegisterCustomerDeps {
  readonly saveNewCustomer: SaveNewCustomer;
  readonly getCustomerByEmail: GetCustomerByEmail;
  readonly publishEvent: (event: CustomerRegisteredV1) => Promise<void>;
  readonly markCustomerPublished: MarkCustomerPublished;
  /** Told when publishing failed: the customer stays marked unpublished for the republisher. */
  readonly onPublishFailed: (customerId: string, error: unknown) => void;
  readonly now: () => Date;
  /** A fresh random customer id. */
  readonly newCustomerId: () => string;
}

/** What `registerCustomer` registers: a validated request and the correlation id it came with. */
export interface RegisterCustomerInput {
  readonly request: RegistrationRequest;
  readonly correlationId: string;
}

/** The outcome of `registerCustomer`. */
export type RegisterCustomerResult =
  | {
      readonly kind: 'registered';
      readonly customer: Customer;
      readonly published: boolean;
      /** True when the same registration had been made before: nothing new was stored. */
      readonly alreadyRegistered: boolean;
    }
  /** The email is registered with another name or consent. */
  | { readonly kind: 'conflict'; readonly customerId: string };

/** Publishes a stored customer's event unless it is known to be out, then clears the mark. */
const announce = async (
  customer: Customer,
  alreadyRegistered: boolean,
  deps: RegisterCustomerDeps,
): Promise<RegisterCustomerResult> => {
  if (!customer.unpublished) {
    return { kind: 'registered', customer, published: true, alreadyRegistered };
  }
  try {
    await deps.publishEvent(customer.registeredEvent);
    await deps.markCustomerPublished(customer.email);
    return {
      kind: 'registered',
      customer: { ...customer, unpublished: false },
      published: true,
      alreadyRegistered,
    };
  } catch (error) {
    deps.onPublishFailed(customer.customerId, error);
    return { kind: 'registered', customer, published: false, alreadyRegistered };
  }
};

/**
 * The same registration again converges on the stored customer (publishing its event if the
 * attempt that stored it could not); other details under the same email are a conflict.
 */
const converge = (
  existing: Customer,
  request: RegistrationRequest,
  deps: RegisterCustomerDeps,
): Promise<RegisterCustomerResult> =>
  existing.name === request.name && existing.marketingOptIn === request.marketingOptIn
    ? announce(existing, true, deps)
    : Promise.resolve({ kind: 'conflict', customerId: existing.customerId });

/**
 * Registers a customer once per email: stores the customer with its `customer.registered` event,
 * marked unpublished, then publishes the event and clears the mark. A failed publish loses
 * nothing: the republisher sends the same event (same eventId) later, and a repeat of the
 * registration tries again. Two attempts racing on one email converge on whichever stored first
 * (the store refuses a second customer with that email).
 */
export const registerCustomer = async (
  { request, correlationId }: RegisterCustomerInput,
  deps: RegisterCustomerDeps,
): Promise<RegisterCustomerResult> => {
  const existing = await deps.getCustomerByEmail(request.email);
  if (existing !== undefined) return converge(existing, request, deps);

  const customerId = deps.newCustomerId();
  const now = deps.now();
  const registeredEvent = buildEvent(
    {
      eventType: 'customer.registered',
      version: 1,
      aggregateId: customerId,
      data: {
        customer: { customerId, email: request.email, name: request.name },
        marketingOptIn: request.marketingOptIn,
      },
    },
    { correlationId, userId: customerId, now: () => now },
  );
  const customer: Customer = {
    customerId,
    email: request.email,
    name: request.name,
    marketingOptIn: request.marketingOptIn,
    registeredAt: now.toISOString(),
    registeredEvent,
    unpublished: true,
  };
  if ((await deps.saveNewCustomer(customer)) === 'created') return announce(customer, false, deps);

  // Another attempt stored this email between our read and our write.
  const winner = await deps.getCustomerByEmail(request.email);
  if (winner === undefined)
    throw new Error(`Customer ${customerId}: the email is taken by nobody readable`);
  return converge(winner, request, deps);
};
