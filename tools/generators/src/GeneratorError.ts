/** A generator or the sample-event script cannot do what it was asked; the message says why. */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
}
