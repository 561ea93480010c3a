// AWS list prices, US East (N. Virginia), on-demand, without free tiers or volume tiers (the first
// tier of each). Looked up on 2026-12-01 from AWS's public pricing pages and checked against
// third-party summaries dated 2025-2026:
//   https://aws.amazon.com/lambda/pricing/      https://aws.amazon.com/sqs/pricing/
//   https://aws.amazon.com/sns/pricing/         https://aws.amazon.com/dynamodb/pricing/on-demand/
//   https://aws.amazon.com/s3/pricing/          https://aws.amazon.com/ses/pricing/
//   https://aws.amazon.com/api-gateway/pricing/
// The SNS FIFO payload and delivery figures could not be confirmed from a stored copy of the
// SNS pricing page; they match the AWS Price List entries (SNS-FIFO-Requests, SNS-Publish-Payload,
// SNS-FIFO-Subscription-Messages and its payload; US East (Ohio), 2026-09-06) as a public
// reproduction of the AWS Pricing Calculator lists them. Check them (and the rest) on AWS's pages
// before quoting a cost. Update `asOf` with any change.

/** The prices `npm run bench:e2e` costs a million orders with, in US dollars. */
export const awsPrices = {
  asOf: '2026-12-01',
  region: 'us-east-1',
  lambda: {
    perMillionRequests: 0.2,
    /** arm64 (Graviton), the architecture every function is deployed on. */
    perGbSecondArm64: 0.0000133334,
    perGbSecondX86: 0.0000166667,
  },
  sqs: {
    /** Per request; each 64 KiB of payload counts as one request (our messages are smaller). */
    perMillionRequestsStandard: 0.4,
    perMillionRequestsFifo: 0.5,
  },
  sns: {
    perMillionPublishesStandard: 0.5,
    perMillionPublishesFifo: 0.3,
    /** FIFO topics also bill the payload published and the payload delivered (to check). */
    perGbPublishedFifo: 0.017,
    perMillionDeliveriesFifo: 0.01,
    perGbDeliveredFifo: 0.001,
    /**
     * A FIFO topic's archive: processing per GB archived, and storage per GB-month kept (AWS
     * Price List SNS-FIFO-ArchiveProcessing and SNS-FIFO-Storage, US East (Ohio), 2026-09-06).
     */
    perGbArchivedFifo: 0.1,
    perGbMonthArchiveStored: 0.023,
    /** Deliveries from a standard topic to SQS are free. */
    perMillionDeliveriesStandardToSqs: 0,
  },
  dynamodb: {
    /** On-demand, since the November 2024 price cut. One unit: a write of up to 1 KB. */
    perMillionWriteUnits: 0.625,
    /** One unit: a strongly consistent read of up to 4 KB (two eventually consistent ones). */
    perMillionReadUnits: 0.125,
  },
  s3: {
    /** S3 Standard: PUT, COPY, POST, LIST. */
    perThousandWrites: 0.005,
    /** GET, SELECT and all other requests. */
    perThousandReads: 0.0004,
  },
  ses: { perThousandEmails: 0.1 },
  /** HTTP API (POST /checkout), first 300 million a month. */
  httpApi: { perMillionRequests: 1.0 },
} as const;

type Widened<T> = {
  readonly [K in keyof T]: T[K] extends number
    ? number
    : T[K] extends string
      ? string
      : Widened<T[K]>;
};

/** The prices' shape, so that tests can cost with round figures. */
export type AwsPrices = Widened<typeof awsPrices>;
