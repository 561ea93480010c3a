import type { CustomerRegisteredV1 } from '@conveyor/event-types';

/**
 * A registered customer as checkout keeps it. One per email: the email (normalised to lower
 * case) is the key, the `customerId` a random UUID that the events and orders name them by.
 */
export interface Customer {
  readonly customerId: string;
  /** Personal data: mask it in logs. */
  readonly email: string;
  /** Personal data: never log it. */
  readonly name: string;
  readonly marketingOptIn: boolean;
  readonly registeredAt: string;
  /** The `customer.registered` event, kept with the customer so it can be republished unchanged. */
  readonly registeredEvent: CustomerRegisteredV1;
  /** True until `customer.registered` is known to be on the topic. */
  readonly unpublished: boolean;
}

/** Port: stores a new customer unless one with its email exists, and says which happened. */
export type SaveNewCustomer = (customer: Customer) => Promise<'created' | 'exists'>;

/** Port: reads the customer registered with a (normalised) email. */
export type GetCustomerByEmail = (email: string) => Promise<Customer | undefined>;

/** Port: clears the unpublished mark once the event is on the topic. */
export type MarkCustomerPublished = (email: string) => Promise<void>;

/** Port: lists customers whose event may not be on the topic yet, oldest first. */
export type ListUnpublishedCustomers = (limit: number) => Promise<readonly Customer[]>;
