import { setTimeout as sleep } from 'node:timers/promises';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Context,
  SQSEvent,
} from 'aws-lambda';
import { hasMarker, instanceId, lingerPastTimeout, putMarker } from './lingering.ts';

const json = (statusCode: number, body: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** What an HTTP probe answers when it answers. */
export interface ProbeAnswer {
  readonly instanceId: string;
  readonly functionName: string;
}

const answer = (): APIGatewayProxyResultV2 =>
  json(200, {
    instanceId,
    functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? '?',
  } satisfies ProbeAnswer);

/**
 * `GET /probe/{behaviour}?runId=&ms=&call=`: answers (at once, after `ms`, after writing the
 * marker `call-<call>`, or once the caller writes `release-<call>`), throws (with a local path in
 * the message), crashes its execution environment, or outlives its timeout, as the path says.
 */
export const probe = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResultV2> => {
  const runId = event.queryStringParameters?.['runId'] ?? '';
  switch (event.pathParameters?.['behaviour']) {
    case 'ok':
      return answer();
    case 'mark':
      // Leaves a trace of this invocation, named by the caller's `call` parameter.
      await putMarker(runId, `call-${event.queryStringParameters?.['call'] ?? ''}`);
      return answer();
    case 'slow':
      await sleep(Number(event.queryStringParameters?.['ms'] ?? 0));
      return answer();
    case 'hold': {
      // Says it runs (marker `holding-<call>`), then waits for the caller's go-ahead.
      const call = event.queryStringParameters?.['call'] ?? '';
      await putMarker(runId, `holding-${call}`);
      while (!(await hasMarker(runId, `release-${call}`))) {
        if (context.getRemainingTimeInMillis() < 1_000) {
          return json(504, { message: 'never released' });
        }
        await sleep(50);
      }
      return answer();
    }
    case 'throw':
      throw new Error(`told to throw, in ${process.cwd()}`);
    case 'crash':
      // An exception no invocation catches: it ends the execution environment.
      setTimeout(() => {
        throw new Error('told to crash');
      }, 0);
      return new Promise<never>(() => undefined);
    case 'timeout':
      await putMarker(runId, 'started');
      await lingerPastTimeout(runId, context);
      return answer();
    default:
      return json(404, { message: 'no such behaviour' });
  }
};

/** The body of a record for {@link heldConsumer}. */
export interface HeldRecord {
  readonly runId: string;
  readonly name: string;
  /** Whether to wait for the marker `release-<name>` before finishing. */
  readonly hold: boolean;
}

/**
 * An SQS consumer that says it runs (marker `holding-<name>`), waits for the caller's go-ahead
 * when told to, and ends with the marker `done-<name>-<receive count>`, naming its instance.
 */
export const heldConsumer = async (event: SQSEvent, context: Context): Promise<void> => {
  for (const record of event.Records) {
    const { runId, name, hold } = JSON.parse(record.body) as HeldRecord;
    await putMarker(runId, `holding-${name}`);
    while (hold && !(await hasMarker(runId, `release-${name}`))) {
      if (context.getRemainingTimeInMillis() < 1_000) throw new Error('never released');
      await sleep(50);
    }
    await putMarker(runId, `done-${name}-${record.attributes.ApproximateReceiveCount}`);
  }
};
