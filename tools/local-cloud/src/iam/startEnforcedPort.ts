import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import { closeServer, listenOnLoopback } from '../loopback.ts';
import { AwsApi, type HttpAnswer } from './awsErrorAnswer.ts';
import { type BufferedRequest, toBufferedRequest } from './BufferedRequest.ts';
import { iamControlPrefix } from './iamControlApi.ts';
import { isStsRequest, type Verdict } from './IamEnforcer.ts';
import { replayRequest } from './replayRequest.ts';
import { statsPath } from '../stats/LocalRunStats.ts';

/**
 * How a request on a port is handled: an AWS API call to decide, the local IAM API, the local
 * run's counters, or passed on.
 */
export type Route = AwsApi | 'control' | 'stats' | 'pass';

/** The three ports the local cloud serves, and what each routes where. */
export const PortKind = { fauxqs: 'fauxqs', dynamodb: 'dynamodb', ses: 'ses' } as const;
export type PortKind = (typeof PortKind)[keyof typeof PortKind];

// aws-ses-v2-local's own pages and store, which it serves without authentication.
const sesLocalPages = new Set(['/', '/store', '/health-check', '/clear-store', '/get-emlContent']);

/** Where a request goes, by port: mirrors how fauxqs, dynalite and aws-ses-v2-local route it. */
export const routeOf = (kind: PortKind, request: BufferedRequest): Route => {
  const method = request.method.toUpperCase();
  const contentType = request.headers['content-type'] ?? '';
  switch (kind) {
    case 'fauxqs':
      if (
        request.rawPath === iamControlPrefix ||
        request.rawPath.startsWith(`${iamControlPrefix}/`)
      ) {
        return 'control';
      }
      if (request.rawPath.replace(/\/+$/, '') === statsPath) return 'stats';
      if (
        method === 'GET' &&
        (request.rawPath === '/health' || request.rawPath.startsWith('/_fauxqs/'))
      ) {
        return 'pass';
      }
      if (
        method === 'POST' &&
        request.rawPath === '/' &&
        contentType.includes('application/x-amz-json-1.0')
      ) {
        return AwsApi.sqs;
      }
      if (
        method === 'POST' &&
        request.rawPath === '/' &&
        contentType.includes('application/x-www-form-urlencoded')
      ) {
        return isStsRequest(request) ? AwsApi.sts : AwsApi.sns;
      }
      return AwsApi.s3;
    case 'dynamodb':
      return method === 'POST' && (request.headers['x-amz-target'] ?? '').startsWith('DynamoDB_')
        ? AwsApi.dynamodb
        : 'pass';
    case 'ses':
      // Its own pages and store need no signature; everything else is the SES API.
      if (method === 'POST' && request.rawPath === '/') return AwsApi.sesV1;
      return sesLocalPages.has(request.rawPath) ? 'pass' : AwsApi.sesV2;
  }
};

/** Receives the status and body of the answer to a call it asked to see. */
export type AnswerObserver = (status: number, body: Buffer) => void;

/** What an enforced port does with each request. */
export interface EnforcedPortOptions {
  readonly kind: PortKind;
  /** The public port (0 picks one). */
  readonly port: number;
  /** How the port is named in errors (`SQS/SNS/S3/fauxqs`, ...). */
  readonly label: string;
  /**
   * The real server's `request` listener, in this process: it answers what the port passes on.
   * Handing it the request read here, rather than sending it over loopback again, spares the
   * local cloud's one thread a second HTTP exchange per call.
   */
  readonly backend: RequestListener;
  readonly decide: (api: AwsApi, request: BufferedRequest) => Promise<Verdict>;
  readonly control?: (request: BufferedRequest) => Promise<HttpAnswer>;
  /** Answers `GET /_local-cloud/stats`. */
  readonly stats?: (request: BufferedRequest) => HttpAnswer;
  /**
   * Told of every AWS API call once decided (refused or passed on); may return an observer to
   * see the answer the service gave (what an SQS receive held, for the counters).
   */
  readonly observe?: (
    api: AwsApi,
    request: BufferedRequest,
    refused: boolean,
  ) => AnswerObserver | undefined;
}

/** A running enforced port. */
export interface EnforcedPort {
  readonly port: number;
  stop(): Promise<void>;
}

// fauxqs takes up to 11 MiB (S3 parts); a little more, so it answers its own size errors.
const maxBodyBytes = 16 * 1024 * 1024;
// An observed answer larger than this is not read (an SQS receive holds at most 10 × 256 KiB).
const maxObservedBytes = 8 * 1024 * 1024;

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.once('end', () => {
      resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks));
    });
    request.once('error', reject);
  });

const send = (response: ServerResponse, answer: HttpAnswer): void => {
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-length': String(Buffer.byteLength(answer.body)),
  });
  response.end(answer.body);
};

const asBuffer = (chunk: unknown, encoding: unknown): Buffer | undefined => {
  if (typeof chunk === 'string') {
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  return chunk instanceof Uint8Array
    ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    : undefined;
};

/** Shows the observer the status and body a server in this process answers with, once sent. */
const observeAnswer = (response: ServerResponse, observer: AnswerObserver): void => {
  const chunks: Buffer[] = [];
  let size = 0;
  const keep = (chunk: unknown, encoding: unknown): void => {
    const buffer = asBuffer(chunk, encoding);
    if (buffer === undefined) return;
    size += buffer.length;
    if (size <= maxObservedBytes) chunks.push(buffer);
  };
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  response.write = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return Reflect.apply(write, undefined, args) as boolean;
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return Reflect.apply(end, undefined, args) as ServerResponse;
  }) as typeof response.end;
  response.once('finish', () => {
    if (size <= maxObservedBytes) observer(response.statusCode, Buffer.concat(chunks));
  });
};

/**
 * Serves one public port of the local cloud on loopback in front of its real server: reads each
 * request, lets `decide` refuse it with AWS's error or hands it to the real server's listener in
 * this process unchanged (same method, path, headers, `Host` included, so fauxqs still hands out
 * queue URLs on the public port), which answers on the same connection.
 */
export const startEnforcedPort = async (options: EnforcedPortOptions): Promise<EnforcedPort> => {
  const passOn = (
    incoming: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    observer?: AnswerObserver,
  ): void => {
    if (observer !== undefined) observeAnswer(response, observer);
    try {
      options.backend(replayRequest(incoming, body), response);
    } catch (error) {
      if (!response.headersSent) {
        send(response, {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `${options.label} failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      } else {
        response.destroy();
      }
    }
  };

  const server = createServer((incoming, response) => {
    void (async () => {
      const body = await readBody(incoming);
      if (body === undefined) {
        send(response, {
          status: 413,
          headers: { 'content-type': 'text/plain' },
          body: 'Request body too large for the local cloud.',
        });
        return;
      }
      const request = toBufferedRequest(incoming, body);
      const route = routeOf(options.kind, request);
      if (route === 'control' && options.control !== undefined) {
        send(response, await options.control(request));
        return;
      }
      if (route === 'stats' && options.stats !== undefined) {
        send(response, options.stats(request));
        return;
      }
      if (route === 'pass' || route === 'control' || route === 'stats') {
        passOn(incoming, response, body);
        return;
      }
      const verdict = await options.decide(route, request);
      const observer = options.observe?.(route, request, verdict.kind === 'answer');
      if (verdict.kind === 'answer') send(response, verdict.answer);
      else passOn(incoming, response, body, observer);
    })().catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `The local cloud's enforcement layer failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      } else {
        response.destroy();
      }
    });
  });
  // Long polls (20 s) and slow clients must not be cut by Node's default timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  const port = await listenOnLoopback(server, options.port, options.label);
  return {
    port,
    stop: async () => {
      await closeServer(server, options.label);
    },
  };
};
