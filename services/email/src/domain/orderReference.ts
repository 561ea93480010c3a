/**
 * The short order reference shown in subjects: the first 8 characters of the order id, upper
 * case. Bodies show the full id, which is what support looks up.
 */
export const orderReference = (orderId: string): string => orderId.slice(0, 8).toUpperCase();
