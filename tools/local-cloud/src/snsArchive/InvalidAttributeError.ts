import { LocalCloudError } from '../errors.ts';

/** A topic or subscription attribute that SNS would refuse (`InvalidParameter`); says why. */
export class InvalidAttributeError extends LocalCloudError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidAttributeError';
  }
}
