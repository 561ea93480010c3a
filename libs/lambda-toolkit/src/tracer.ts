import type { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';
import type * as PowertoolsTracerModule from './powertoolsTracer.ts';

/**
 * The service's tracer, as the handler factories and the composition roots use it: Powertools'
 * Tracer while tracing is on, else one that records nothing and wraps nothing.
 */
export type Tracer = Pick<
  PowertoolsTracer,
  | 'isTracingEnabled'
  | 'captureAWSv3Client'
  | 'putAnnotation'
  | 'annotateColdStart'
  | 'addServiceNameAnnotation'
> & { readonly provider: Pick<PowertoolsTracer['provider'], 'captureAsyncFunc'> };

const tracingOff: Tracer = {
  isTracingEnabled: () => false,
  captureAWSv3Client: (client) => client,
  putAnnotation: () => undefined,
  annotateColdStart: () => undefined,
  addServiceNameAnnotation: () => undefined,
  provider: { captureAsyncFunc: (_name, work) => work() },
};

// Two of the cases where Powertools' Tracer turns itself off; in them it need not be loaded.
const surelyOff = (): boolean =>
  (process.env.AWS_EXECUTION_ENV ?? '') === '' ||
  (process.env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false';

/**
 * Makes the service's tracer, once per cold start. It records only in Lambda with active
 * tracing: Powertools' Tracer, with its rules. Outside Lambda (`AWS_EXECUTION_ENV` unset, as
 * under serverless-offline and in tests) or with `POWERTOOLS_TRACE_ENABLED=false`, it is off,
 * wraps nothing and prints nothing, and the X-Ray SDK is not even loaded: it installs an async
 * hook that makes every promise of the process several times dearer.
 * Pass it to the handler factories, and wrap every AWS client with `captureAWSv3Client` so
 * each call is a subsegment.
 *
 * @example
 * ```ts
 * const tracer = createTracer('inventory');
 * const sns = tracer.captureAWSv3Client(new SNSClient({}));
 * export const handler = makeSqsEventHandler({ queue: 'inventoryOrders', logger, tracer, handlers });
 * ```
 */
export const createTracer = (serviceName: string): Tracer => {
  if (surelyOff()) return tracingOff;
  // A require, not an import, so that a bundle (CommonJS) evaluates the module, and the X-Ray
  // SDK with it, only here; esbuild still bundles it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when on, see above
  const { PowertoolsTracer } = require('./powertoolsTracer.ts') as typeof PowertoolsTracerModule;
  return new PowertoolsTracer({ serviceName });
};

/** Annotations of a subsegment: X-Ray indexes them, so traces can be searched by them. */
export type TraceAnnotations = Readonly<Record<string, string | number | boolean>>;

/**
 * Runs `work` in a subsegment of the current trace, annotated, with an error recorded on it.
 * X-Ray's async context gives each concurrent call its own subsegment (a standard queue's
 * records run in parallel). Without a tracer, or with it off, it only runs `work`.
 *
 * @example
 * ```ts
 * await inSubsegment(tracer, `### ${event.eventType}`, { eventId: event.eventId }, () => handle(event));
 * ```
 */
export const inSubsegment = async <T>(
  tracer: Tracer | undefined,
  name: string,
  annotations: TraceAnnotations,
  work: () => Promise<T>,
): Promise<T> => {
  if (tracer === undefined || !tracer.isTracingEnabled()) return work();
  return (await tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    for (const [key, value] of Object.entries(annotations)) subsegment?.addAnnotation(key, value);
    try {
      return await work();
    } catch (error) {
      subsegment?.addError(error as Error);
      throw error;
    } finally {
      subsegment?.close();
    }
  })) as T;
};

/**
 * Runs one invocation in the `## <name>` subsegment Powertools' own handler wrapper makes (Lambda's
 * segment cannot take annotations), annotated with `ColdStart` and `Service`.
 *
 * @example
 * ```ts
 * return inHandlerSubsegment(tracer, 'inventory-orders', {}, () => processBatch(event, context));
 * ```
 */
export const inHandlerSubsegment = <T>(
  tracer: Tracer | undefined,
  name: string,
  annotations: TraceAnnotations,
  work: () => Promise<T>,
): Promise<T> =>
  inSubsegment(tracer, `## ${name}`, annotations, async () => {
    tracer?.annotateColdStart();
    tracer?.addServiceNameAnnotation();
    return work();
  });

/**
 * Traces a handler not built with the toolkit's factories (a scheduled one) as they trace theirs:
 * the invocation in a `## <name>` subsegment with `ColdStart` and `Service`. Off outside Lambda.
 *
 * @example
 * ```ts
 * export const handler = () => traceInvocation(deps.tracer, 'republishUnpublished', () => run(deps));
 * ```
 */
export const traceInvocation = <T>(
  tracer: Tracer | undefined,
  name: string,
  work: () => Promise<T>,
): Promise<T> => inHandlerSubsegment(tracer, name, {}, work);
