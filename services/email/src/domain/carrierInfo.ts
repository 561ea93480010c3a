/** A carrier as the customer knows it, and where they can follow their parcel. */
export interface CarrierInfo {
  /** The name people know, such as "Royal Mail". */
  readonly name: string;
  /** The carrier's public tracking page for the parcel; absent for a carrier code we do not know. */
  readonly trackingUrl?: string;
}

interface KnownCarrier {
  readonly name: string;
  /** Takes the tracking number already URI-encoded. */
  readonly trackingUrl: (trackingNumber: string) => string;
}

// Every code shipping books (`Carriers` in shipping's chooseCarrier.ts). The event carries the
// code, not the product, so each link is the page that tracks all of that carrier's products
// (DHL's tracks Parcel and Express numbers alike).
const CARRIERS: Readonly<Record<string, KnownCarrier>> = {
  ROYAL_MAIL: {
    name: 'Royal Mail',
    trackingUrl: (number) =>
      `https://www.royalmail.com/track-your-item#/tracking-results/${number}`,
  },
  DHL: {
    name: 'DHL',
    trackingUrl: (number) =>
      `https://www.dhl.com/gb-en/home/tracking.html?tracking-id=${number}&submit=1`,
  },
  UPS: {
    name: 'UPS',
    trackingUrl: (number) => `https://www.ups.com/track?loc=en_GB&tracknum=${number}`,
  },
};

/**
 * The carrier of a `shipment.created` code, with the tracking link of a parcel. A code this
 * service does not know yet (shipping booked a new carrier first) is shown as it is, without a
 * link: the mail still goes out, with the tracking number.
 */
export const carrierInfo = (code: string, trackingNumber: string): CarrierInfo => {
  const carrier = Object.hasOwn(CARRIERS, code) ? CARRIERS[code] : undefined;
  if (carrier === undefined) return { name: code };
  return {
    name: carrier.name,
    trackingUrl: carrier.trackingUrl(encodeURIComponent(trackingNumber)),
  };
};
