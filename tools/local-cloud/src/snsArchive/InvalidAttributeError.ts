/** A topic or subscription attribute that SNS would refuse (`InvalidParameter`); says why. */
export class InvalidAttributeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAttributeError';
  }
}
