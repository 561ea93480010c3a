import { type IncomingMessage, request, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHost } from '../loopback.ts';
import { AwsApi } from './awsErrorAnswer.ts';
import {
  type EnforcedPort,
  type EnforcedPortOptions,
  startEnforcedPort,
} from './startEnforcedPort.ts';

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly sameSocket: boolean;
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

// A real HTTP request to the port; chunked when no content-length is given.
const call = (
  port: number,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      { host: loopbackHost, port, method: 'POST', path: '/?Action=Echo', headers },
      (answer) => {
        readAll(answer).then((text) => {
          resolve({ status: answer.statusCode ?? 0, body: text });
        }, reject);
      },
    );
    outgoing.once('error', reject);
    if (headers['content-length'] === undefined) outgoing.write(body.slice(0, 3));
    outgoing.end(headers['content-length'] === undefined ? body.slice(3) : body);
  });

describe('startEnforcedPort', () => {
  let port: EnforcedPort | undefined;

  // A port on a free loopback port that lets every request through to `backend`.
  const startForwarding = async (
    options: Pick<EnforcedPortOptions, 'kind' | 'label' | 'backend' | 'observe'>,
  ): Promise<EnforcedPort> => {
    port = await startEnforcedPort({
      ...options,
      port: 0,
      decide: () => Promise.resolve({ kind: 'forward' }),
    });
    return port;
  };

  afterEach(async () => {
    await port?.stop();
    port = undefined;
  });

  it('hands a passed request to the backend in this process, body and headers intact', async () => {
    // Prepare
    const seen: Seen[] = [];
    const backend: RequestListener = (incoming, response) => {
      void readAll(incoming).then((body) => {
        seen.push({
          method: incoming.method,
          url: incoming.url,
          headers: incoming.headers,
          body,
          sameSocket: incoming.socket === response.socket,
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: body }));
      });
    };
    const { port: portNumber } = await startForwarding({
      kind: 'dynamodb',
      label: 'DynamoDB',
      backend,
    });

    // Act: chunked, with an `expect` the backend must not see
    const answer = await call(
      portNumber,
      {
        'x-amz-target': 'DynamoDB_20120810.PutItem',
        'content-type': 'application/x-amz-json-1.0',
        'x-custom': 'kept',
      },
      '{"TableName":"Orders"}',
    );

    // Assess
    expect(answer).toEqual({
      status: 200,
      body: JSON.stringify({ echoed: '{"TableName":"Orders"}' }),
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/?Action=Echo');
    expect(request?.body).toBe('{"TableName":"Orders"}');
    expect(request?.headers['content-length']).toBe('22');
    expect(request?.headers['transfer-encoding']).toBeUndefined();
    expect(request?.headers['x-custom']).toBe('kept');
    expect(request?.headers.host).toBe(`${loopbackHost}:${String(portNumber)}`);
    // The backend sees the client's own connection, so it sees the client go away.
    expect(request?.sameSocket).toBe(true);
  });

  it('shows the observer the status and whole body the backend wrote, in pieces or at once', async () => {
    // Prepare
    const backend: RequestListener = (incoming, response) => {
      void readAll(incoming).then(() => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.write('{"Messages":[');
        response.write(Buffer.from('{"Body":"a"}'));
        response.end(']}', 'utf8');
      });
    };
    const observed: { status: number; body: string }[] = [];
    const { port: portNumber } = await startForwarding({
      kind: 'fauxqs',
      label: 'SQS',
      backend,
      observe: (api) =>
        api === AwsApi.sqs
          ? (status, body) => {
              observed.push({ status, body: body.toString('utf8') });
            }
          : undefined,
    });
    const body = '{"QueueUrl":"q"}';

    // Act
    const answer = await call(
      portNumber,
      {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(body.length),
      },
      body,
    );

    // Assess
    expect(answer.body).toBe('{"Messages":[{"Body":"a"}]}');
    expect(observed).toEqual([{ status: 200, body: '{"Messages":[{"Body":"a"}]}' }]);
  });

  it('answers 500 naming the port when the backend throws', async () => {
    // Prepare
    const { port: portNumber } = await startForwarding({
      kind: 'dynamodb',
      label: 'DynamoDB',
      backend: () => {
        throw new Error('boom');
      },
    });

    // Act
    const answer = await call(
      portNumber,
      { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-length': '2' },
      '{}',
    );

    // Assess
    expect(answer).toEqual({ status: 500, body: 'DynamoDB failed: boom' });
  });
});
