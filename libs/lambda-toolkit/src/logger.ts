import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

/** The execution environment a logger and its children share. */
interface ExecutionEnvironment {
  /** The request id of the environment's first invocation: its cold start. */
  firstRequestId: string | undefined;
}

type LambdaContext = Parameters<Logger['addContext']>[0];

/**
 * Powertools keeps the cold-start flag in each Logger instance, and `createChild` makes a new
 * one: the child the handlers make per request or record reported `cold_start: true` on every
 * line in Lambda. A ServiceLogger and its children share the environment instead, so every line
 * of the first invocation says true and every later line false, as a single logger's would.
 */
class ServiceLogger extends Logger {
  readonly #environment: ExecutionEnvironment;
  #coldStart = false;

  constructor(options: ConstructorOptions, environment: ExecutionEnvironment) {
    super(options);
    this.#environment = environment;
  }

  public override addContext(context: LambdaContext): void {
    this.#environment.firstRequestId ??= context.awsRequestId;
    this.#coldStart = this.#environment.firstRequestId === context.awsRequestId;
    super.addContext(context);
  }

  protected override getColdStart(): boolean {
    // Powertools' rule stays: only an on-demand environment starts cold.
    return this.#coldStart && this.getInitializationType() === 'on-demand';
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new ServiceLogger(options ?? {}, this.#environment);
  }
}

/**
 * Creates the service's Powertools logger. Create one per service, at cold start. Its children
 * (the handlers make one per request and per record) report the execution environment's cold
 * start: `cold_start` is true on the lines of its first invocation only.
 * Per-record keys (`correlationId`, `eventId`, `aggregateId`, `eventType`) are appended by the
 * SQS handler while it handles each record.
 *
 * @example
 * ```ts
 * export const logger = createLogger('inventory');
 * ```
 */
export const createLogger = (serviceName: string): Logger =>
  new ServiceLogger({ serviceName }, { firstRequestId: undefined });

/**
 * Masks an email address for logs and display: first and last character of the local part,
 * first character of the domain, and the top-level domain.
 *
 * @example
 * ```ts
 * maskEmail('ada.lovelace@example.com'); // 'a***e@e***.com'
 * ```
 */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  const maskedLocal =
    local.length <= 2
      ? `${local.charAt(0)}***`
      : `${local.charAt(0)}***${local.charAt(local.length - 1)}`;
  return `${maskedLocal}@${domain.charAt(0)}***${tld}`;
};

/** The parts of a postal address that masking keeps or drops. */
export interface MaskableAddress {
  readonly postalCode: string;
  readonly country: string;
}

/**
 * Masks a postal address for logs: only the country and the first two characters of the postal
 * code survive, enough to debug routing and never enough to find a door.
 *
 * @example
 * ```ts
 * maskAddress({ line1: '12 Analytical Row', city: 'London', postalCode: 'NW1 6XE', country: 'GB' }); // 'GB NW***'
 * ```
 */
export const maskAddress = (address: MaskableAddress): string =>
  `${address.country} ${address.postalCode.slice(0, 2)}***`;
