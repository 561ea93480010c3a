/**
 * `@conveyor/generators`: Nx generators for a consumer queue of a service and for a new service
 * (`nx g @conveyor/generators:consumer|service`), and the sample Lambda events of
 * `npm run sample-event`. These exports serve tests and other tools.
 *
 * @packageDocumentation
 */

/** Adds a consumer queue to a service. */
export {
  addConsumer,
  type AddedConsumer,
  consumerGenerator,
  type ConsumerGeneratorOptions,
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAXIMUM_CONCURRENCY,
  defaultFunctionKey,
} from './consumer/consumerGenerator.ts';

/** Scaffolds a new service. */
export {
  type AddedService,
  addService,
  serviceGenerator,
  type ServiceGeneratorOptions,
} from './service/serviceGenerator.ts';

/** The one list of local ports, checked for clashes. */
export {
  allocateServicePorts,
  assertNoPortClash,
  findPortClashes,
  FIRST_HTTP_PORT,
  LAMBDA_PORT_OFFSET,
  type LocalPort,
  readLocalPorts,
  type ServicePorts,
} from './localPorts.ts';

/** Rewrites the README events sections in an Nx tree, as `npm run docs:events` does. */
export { updateEventsDocs } from './updateEventsDocs.ts';

/** The Lambda events of `npm run sample-event`. */
export {
  EXAMPLE_ACCOUNT_ID,
  md5OfMessageAttributes,
  SNS_SENDER_ID,
  type SampleEvent,
  sampleEvent,
  type SampleEventOptions,
  type SampleEventShape,
  SampleEventShapes,
} from './sampleEvent.ts';
export { type CliIo, runSampleEventCli, SAMPLE_EVENT_USAGE } from './runSampleEventCli.ts';

/** Errors the generators and scripts raise on purpose. */
export { GeneratorError } from './GeneratorError.ts';
