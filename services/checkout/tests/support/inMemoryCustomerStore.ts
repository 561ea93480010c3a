// In-memory implementation of checkout's customer ports, for domain unit tests.
import type {
  Customer,
  GetCustomerByEmail,
  ListUnpublishedCustomers,
  MarkCustomerPublished,
  SaveNewCustomer,
} from '../../src/domain/customer.ts';

export const inMemoryCustomerStore = () => {
  const customers = new Map<string, Customer>();
  const saveNewCustomer: SaveNewCustomer = async (customer) => {
    if (customers.has(customer.email)) return Promise.resolve('exists');
    customers.set(customer.email, structuredClone(customer));
    return Promise.resolve('created');
  };
  const getCustomerByEmail: GetCustomerByEmail = async (email) =>
    Promise.resolve(structuredClone(customers.get(email)));
  const markCustomerPublished: MarkCustomerPublished = async (email) => {
    const customer = customers.get(email);
    if (customer === undefined) throw new Error('no such customer');
    customers.set(email, { ...customer, unpublished: false });
    return Promise.resolve();
  };
  const listUnpublishedCustomers: ListUnpublishedCustomers = async (limit) =>
    Promise.resolve(
      [...customers.values()]
        .filter((customer) => customer.unpublished)
        .toSorted((a, b) => a.registeredAt.localeCompare(b.registeredAt))
        .slice(0, limit),
    );
  return {
    customers,
    saveNewCustomer,
    getCustomerByEmail,
    markCustomerPublished,
    listUnpublishedCustomers,
  };
};
