import {
  Agent,
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type ServerResponse,
} from 'node:http';
import { closeServer, listenOnLoopback, loopbackHost } from '../loopback.ts';
import { AwsApi, type HttpAnswer } from './awsErrorAnswer.ts';
import { type BufferedRequest, toBufferedRequest } from './BufferedRequest.ts';
import { iamControlPrefix } from './iamControlApi.ts';
import { isStsRequest, type Verdict } from './IamEnforcer.ts';
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
  /** Where the real server listens on loopback. */
  readonly backendPort: number;
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

// Not passed on: the connection's own headers, and `expect` (the body is already here).
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'expect',
]);

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

/**
 * Serves one public port of the local cloud on loopback in front of its real server: reads each
 * request, lets `decide` refuse it with AWS's error or passes it on unchanged (same method, path,
 * headers, `Host` included, so fauxqs still hands out queue URLs on the public port), and streams
 * the answer back. Keep-alive connections to the real server keep the added cost small.
 */
export const startEnforcedPort = async (options: EnforcedPortOptions): Promise<EnforcedPort> => {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const passOn = (
    incoming: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    observer?: AnswerObserver,
  ): void => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
    }
    headers['content-length'] = String(body.length);
    const upstream = httpRequest(
      {
        host: loopbackHost,
        port: options.backendPort,
        method: incoming.method,
        path: incoming.url,
        headers,
        agent,
      },
      (answer) => {
        const raw: string[] = [];
        for (let index = 0; index + 1 < answer.rawHeaders.length; index += 2) {
          const name = answer.rawHeaders[index] ?? '';
          if (!hopByHop.has(name.toLowerCase())) raw.push(name, answer.rawHeaders[index + 1] ?? '');
        }
        response.writeHead(answer.statusCode ?? 502, raw);
        if (observer !== undefined) {
          const chunks: Buffer[] = [];
          let size = 0;
          answer.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= maxObservedBytes) chunks.push(chunk);
          });
          answer.once('end', () => {
            if (size <= maxObservedBytes) observer(answer.statusCode ?? 502, Buffer.concat(chunks));
          });
        }
        answer.pipe(response);
      },
    );
    upstream.once('error', (error) => {
      if (!response.headersSent) {
        send(response, {
          status: 503,
          headers: { 'content-type': 'text/plain' },
          body: `${options.label} is not answering: ${error.message}`,
        });
      } else {
        response.destroy(error);
      }
    });
    // A client that goes away (a long poll abandoned) ends the upstream request too.
    response.once('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.end(body);
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
      agent.destroy();
    },
  };
};
