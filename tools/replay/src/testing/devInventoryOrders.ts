// Stage dev's inventory-orders queue and its subscription to order-events, as AWS names them: the
// unit tests' deployed queue.

/** The queue's ARN. */
export const queueArn = 'arn:aws:sqs:eu-west-1:123456789012:conveyor-dev-inventory-orders.fifo';
/** The queue's URL. */
export const queueUrl =
  'https://sqs.eu-west-1.amazonaws.com/123456789012/conveyor-dev-inventory-orders.fifo';
/** The topic it subscribes to. */
export const topicArn = 'arn:aws:sns:eu-west-1:123456789012:conveyor-dev-order-events.fifo';
/** Its subscription to that topic. */
export const subscriptionArn = `${topicArn}:1111`;
