/** The unsubscribe link of a customer, for the mails their marketing consent allows. */
export type UnsubscribeLinkFor = (customerId: string) => string;
