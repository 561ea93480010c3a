/** The carriers shipping books. The code goes into `shipment.created` as `carrier`. */
export const Carriers = {
  RoyalMail: 'ROYAL_MAIL',
  Dhl: 'DHL',
  Ups: 'UPS',
} as const;

/** A carrier code. */
export type Carrier = (typeof Carriers)[keyof typeof Carriers];

/** The carrier products shipping uses; each has its own tracking number format. */
export const CarrierServices = {
  RoyalMailTracked48: 'Royal Mail Tracked 48',
  DhlParcel: 'DHL Parcel',
  DhlExpressWorldwide: 'DHL Express Worldwide',
  UpsStandard: 'UPS Standard',
} as const;

/** A carrier product. */
export type CarrierService = (typeof CarrierServices)[keyof typeof CarrierServices];

/** Destination zones, seen from the warehouse in Great Britain. */
export const Zones = {
  Domestic: 'DOMESTIC',
  Europe: 'EUROPE',
  NorthAmerica: 'NORTH_AMERICA',
  World: 'WORLD',
} as const;

/** A destination zone. */
export type Zone = (typeof Zones)[keyof typeof Zones];

/** The warehouse's country: parcels to it are domestic. */
export const ORIGIN_COUNTRY = 'GB';

/** Heaviest parcel that goes as a small parcel (Royal Mail Tracked 48 takes up to 2 kg). */
export const SMALL_PARCEL_MAX_GRAMS = 2_000;

// Europe as the carriers' European tariffs see it: EU, EEA, Switzerland and their neighbours.
const EUROPE = new Set(
  (
    'AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GG GI GR HR HU IE IM IS IT JE LI LT LU ' +
    'LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK'
  ).split(' '),
);
const NORTH_AMERICA = new Set(['US', 'CA']);

/** The zone of a destination country (ISO-3166 alpha-2). */
export const zoneOf = (country: string): Zone => {
  if (country === ORIGIN_COUNTRY) return Zones.Domestic;
  if (EUROPE.has(country)) return Zones.Europe;
  if (NORTH_AMERICA.has(country)) return Zones.NorthAmerica;
  return Zones.World;
};

/** The carrier chosen for a parcel, with its transit time. */
export interface CarrierChoice {
  readonly carrier: Carrier;
  readonly service: CarrierService;
  readonly zone: Zone;
  /** Business days from dispatch to delivery, as the carrier quotes them. */
  readonly transitBusinessDays: number;
}

/**
 * The carrier rule, by destination zone and parcel weight:
 *
 * | zone          | up to 2 kg                    | over 2 kg                     |
 * | ------------- | ----------------------------- | ----------------------------- |
 * | DOMESTIC (GB) | Royal Mail Tracked 48, 2 days | DHL Parcel, 1 day             |
 * | EUROPE        | DHL Parcel, 3 days            | DHL Parcel, 3 days            |
 * | NORTH_AMERICA | UPS Standard, 5 days          | UPS Standard, 5 days          |
 * | WORLD         | DHL Express Worldwide, 4 days | DHL Express Worldwide, 4 days |
 *
 * Days are business days from the day the shipment is created.
 */
export const chooseCarrier = (parcel: {
  readonly country: string;
  readonly weightGrams: number;
}): CarrierChoice => {
  const zone = zoneOf(parcel.country);
  switch (zone) {
    case Zones.Domestic:
      return parcel.weightGrams <= SMALL_PARCEL_MAX_GRAMS
        ? {
            carrier: Carriers.RoyalMail,
            service: CarrierServices.RoyalMailTracked48,
            zone,
            transitBusinessDays: 2,
          }
        : {
            carrier: Carriers.Dhl,
            service: CarrierServices.DhlParcel,
            zone,
            transitBusinessDays: 1,
          };
    case Zones.Europe:
      return {
        carrier: Carriers.Dhl,
        service: CarrierServices.DhlParcel,
        zone,
        transitBusinessDays: 3,
      };
    case Zones.NorthAmerica:
      return {
        carrier: Carriers.Ups,
        service: CarrierServices.UpsStandard,
        zone,
        transitBusinessDays: 5,
      };
    case Zones.World:
      return {
        carrier: Carriers.Dhl,
        service: CarrierServices.DhlExpressWorldwide,
        zone,
        transitBusinessDays: 4,
      };
  }
};
