import { Tracer } from '@aws-lambda-powertools/tracer';

export type { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Makes the service's Powertools tracer, once per cold start. It records only in Lambda with
 * active tracing: outside Lambda (`AWS_EXECUTION_ENV` unset, as under serverless-offline and in
 * tests) or with `POWERTOOLS_TRACE_ENABLED=false` it is off, wraps nothing and prints nothing.
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
export const createTracer = (serviceName: string): Tracer => new Tracer({ serviceName });

/** Annotations of a subsegment: X-Ray indexes them, so traces can be searched by them. */
export type TraceAnnotations = Readonly<Record<string, string | number | boolean>>;

/**
 * Runs `work` in a subsegment of the current trace, annotated, with an error recorded on it.
 * X-Ray's async context gives each concurrent call its own subsegment (a standard queue's
 * records run in parallel). Without a tracer, or with it off, it only runs `work`.
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
