/**
 * Account id in every ARN the local cloud makes: fauxqs's `DEFAULT_ACCOUNT_ID`
 * (`dist/common/types.js`), which it uses whatever credentials a request carries.
 *
 * @example
 * ```ts
 * const topicArn = `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-order-events.fifo`;
 * ```
 */
export const localAccountId = '000000000000';

/**
 * Region of the local cloud. Clients get it through `AWS_REGION` from `localCloudEnvironment`;
 * fauxqs takes the region from each request's signature, so ARNs use this one too.
 */
export const localRegion = 'us-east-1';
