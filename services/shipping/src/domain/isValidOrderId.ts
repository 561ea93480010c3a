/**
 * Order ids shipping accepts: checkout issues UUIDs; the contract allows any string, but the id
 * names the label's object key and appears in URLs, so only letters, digits and dashes pass.
 */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** Whether `orderId` can name a shipment and its label. */
export const isValidOrderId = (orderId: string): boolean => ORDER_ID.test(orderId);
