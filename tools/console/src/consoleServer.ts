import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  connectToStage,
  type DlqConnection,
  DlqError,
  findDeadLetterQueue,
  isConnectionRefused,
  LocalCloudStoppedError,
  peekDeadLetterQueue,
  readLocalPorts,
  redriveDeadLetterQueue,
} from '@conveyor/dlq';
import { topology } from '@conveyor/event-types';
import { localRegion } from '@conveyor/local-cloud';
import {
  idPattern,
  idPatternDescription,
  inspectQueues,
  LocalLogSource,
  traceOrder,
} from '@conveyor/trace';
import { errorStatus } from './errorStatus.ts';
import { readConsoleQueues } from './readConsoleQueues.ts';
import { readRecentOrders } from './readRecentOrders.ts';
import {
  consoleRequestHeader,
  describeRedrive,
  escapeHtml,
  renderConsolePage,
  renderOrders,
  renderPeek,
  renderQueues,
  renderTrace,
} from './renderConsolePage.ts';

/** Options of {@link startConsoleServer}. */
export interface ConsoleServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where `npm start` keeps the services' logs (`npm run trace` reads the same). */
  readonly logsDir: string;
  /** For `CONVEYOR_LOCAL_PORTS`: the local cloud to read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base URL of shipping's HTTP API, for label links; none when shipping is not run. */
  readonly shippingUrl?: string | undefined;
  /** Orders listed; default 10. */
  readonly recentOrders?: number;
}

/** A running console. */
export interface ConsoleServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly close: () => Promise<void>;
}

const stage = 'local';

const send = (
  response: ServerResponse,
  status: number,
  type: 'html' | 'json' | 'text',
  body: string,
): void => {
  response.writeHead(status, {
    'content-type': `${type === 'json' ? 'application/json' : `text/${type === 'html' ? 'html' : 'plain'}`}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Serves the console on 127.0.0.1: the page (`/`), its live parts as HTML fragments
 * (`/fragments/queues`, `/fragments/orders`, `/fragments/orders/<id>/trace`,
 * `/fragments/dlqs/<name>`, with `?body` for the bodies), `POST /api/dlqs/<name>/redrive`, and `/labels/<orderId>` (a redirect
 * to the label PDF shipping signs). It reads through the same code as `npm run dlq` and
 * `npm run trace`, so the page and the commands cannot disagree.
 *
 * Requests must name the server itself as Host (a DNS-rebinding page cannot), a redrive must
 * carry the `x-conveyor-console` header and no foreign Origin (a cross-site form cannot), and a
 * peek, which adds to the messages' receive counts, the header too.
 */
export const startConsoleServer = async (options: ConsoleServerOptions): Promise<ConsoleServer> => {
  const ports = readLocalPorts(options.env.CONVEYOR_LOCAL_PORTS);
  const dynamodb = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${ports.dynamodb}`,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // A local cloud stopped with SIGSTOP takes connections and never answers: without these, the
    // orders part would wait for it forever. No retry: the page asks again in 2 s anyway.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
  });
  const dynamodbAddress = `127.0.0.1:${String(ports.dynamodb)}`;
  const inbox = `http://127.0.0.1:${ports.ses}/`;
  const state: { port: number } = { port: options.port };

  const withConnection = async <T>(use: (connection: DlqConnection) => Promise<T>): Promise<T> => {
    const connection = await connectToStage({ stage, env: options.env });
    try {
      return await use(connection);
    } finally {
      connection.close();
    }
  };
  const queuesFragment = async (): Promise<string> =>
    renderQueues(await withConnection(readConsoleQueues));
  const ordersFragment = async (): Promise<string> => {
    try {
      return renderOrders(
        await readRecentOrders({
          client: dynamodb,
          stage,
          ...(options.recentOrders === undefined ? {} : { limit: options.recentOrders }),
        }),
      );
    } catch (error) {
      // Said as the queues part says it, not as a socket error.
      if (isConnectionRefused(error)) {
        throw new LocalCloudStoppedError(dynamodbAddress, { cause: error });
      }
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new DlqError(
          `The local cloud on ${dynamodbAddress} takes connections but did not answer a scan of the orders table within 5 s: it is busy, stopped (SIGSTOP, a debugger) or still starting.`,
          { cause: error },
        );
      }
      throw error;
    }
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${state.port}` && host !== `localhost:${state.port}`) {
      send(response, 421, 'text', 'The console answers on 127.0.0.1 only.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${host}`);
    const parts = url.pathname
      .split('/')
      .slice(1)
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          throw new URIError(`The path ${url.pathname} is not valid percent-encoding`);
        }
      });
    if (request.method === 'POST') {
      const origin = request.headers.origin;
      const [api, dlqs, name, action, ...rest] = parts;
      if (
        request.headers[consoleRequestHeader] === undefined ||
        (origin !== undefined && origin !== `http://${host}`)
      ) {
        send(response, 403, 'json', JSON.stringify({ message: 'Only the console page redrives.' }));
        return;
      }
      // The whole path, not its start: a wrong URL must not redrive.
      if (
        api === 'api' &&
        dlqs === 'dlqs' &&
        name !== undefined &&
        action === 'redrive' &&
        rest.length === 0
      ) {
        const result = await withConnection((connection) =>
          redriveDeadLetterQueue(connection, findDeadLetterQueue(stage, name)),
        );
        send(
          response,
          200,
          'json',
          JSON.stringify({ message: describeRedrive(result), moved: result.moved }),
        );
        return;
      }
      send(response, 404, 'json', JSON.stringify({ message: 'Not found.' }));
      return;
    }
    if (request.method !== 'GET') {
      send(response, 405, 'text', 'Method not allowed.');
      return;
    }
    const [first, second, third, fourth, ...rest] = parts;
    // Every route names its whole path: /fragments/dlqs/x/anything is not a peek of x.
    if (rest.length > 0) {
      send(response, 404, 'text', 'Not found.');
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204, { 'cache-control': 'max-age=86400' });
      response.end();
    } else if (url.pathname === '/') {
      const failing: string[] = [];
      const orFailed =
        (part: string) =>
        (error: unknown): string => {
          failing.push(part);
          return `<p class="error">${escapeHtml(messageOf(error))}</p>`;
        };
      const [queues, orders] = await Promise.all([
        queuesFragment().catch(orFailed('queues')),
        ordersFragment().catch(orFailed('orders')),
      ]);
      send(response, 200, 'html', renderConsolePage({ queues, orders, failing, links: { inbox } }));
    } else if (first === 'fragments' && second === 'queues' && third === undefined) {
      send(response, 200, 'html', await queuesFragment());
    } else if (first === 'fragments' && second === 'orders' && third === undefined) {
      send(response, 200, 'html', await ordersFragment());
    } else if (
      first === 'fragments' &&
      second === 'orders' &&
      third !== undefined &&
      fourth === 'trace'
    ) {
      if (!idPattern.test(third)) {
        send(
          response,
          400,
          'html',
          `<p class="error">Not an order, correlation or customer id: ${idPatternDescription}.</p>`,
        );
        return;
      }
      // With the queues read, as `npm run trace` does: a consumer whose queue does not exist
      // (a service not running) is not waited for.
      // Connected only to read the queues: with the local cloud down, the logs still give the
      // timeline, and the trace says why the queues were not read.
      // Its DLQs only counted, never peeked (peekMax 0): the page asks again every 2 s, and
      // each peek would add a receive to every message and hold them from a redrive; nor may
      // a GET without the page's header peek.
      const trace = await traceOrder({
        id: third,
        source: new LocalLogSource(options.logsDir),
        topology,
        stage,
        inspectQueues: (ids) =>
          withConnection((connection) => inspectQueues(connection, topology, 0)(ids)),
      });
      send(response, 200, 'html', renderTrace(trace));
    } else if (
      first === 'fragments' &&
      second === 'dlqs' &&
      third !== undefined &&
      fourth === undefined
    ) {
      // A peek receives the messages, adding to their receive counts: only the page's own
      // requests, which carry the header, may do it; an <img> on another site cannot.
      if (request.headers[consoleRequestHeader] === undefined) {
        send(response, 403, 'text', 'Only the console page peeks.');
        return;
      }
      const result = await withConnection((connection) =>
        peekDeadLetterQueue(connection, findDeadLetterQueue(stage, third)),
      );
      // Bodies hold customer data: shown on request only, as `npm run dlq -- peek --body`.
      send(response, 200, 'html', renderPeek(result, { bodies: url.searchParams.has('body') }));
    } else if (first === 'labels' && second !== undefined && third === undefined) {
      if (second === '') {
        send(response, 400, 'text', 'Name an order: /labels/<orderId>.');
        return;
      }
      if (options.shippingUrl === undefined) {
        send(response, 404, 'text', 'Shipping is not running here.');
        return;
      }
      const shippingUrl = options.shippingUrl;
      const shipment = await fetch(`${shippingUrl}/shipments/${encodeURIComponent(second)}`, {
        signal: AbortSignal.timeout(10_000),
      }).catch((error: unknown) => {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        send(
          response,
          timedOut ? 504 : 502,
          'text',
          timedOut
            ? `Shipping on ${shippingUrl} did not answer within 10 s: it is busy, stopped or still starting. Try again in a moment.`
            : `Shipping on ${shippingUrl} cannot be reached (${messageOf(error)}): is it running? npm start prints its state.`,
        );
        return undefined;
      });
      if (shipment === undefined) return;
      const { labelUrl } = (shipment.ok ? await shipment.json() : {}) as { labelUrl?: unknown };
      if (shipment.status === 400) {
        send(response, 400, 'text', `"${second}" is not an order id (shipping answered 400).`);
        return;
      }
      if (typeof labelUrl !== 'string') {
        send(
          response,
          404,
          'text',
          shipment.status === 404
            ? `No label for order ${second}: shipping has no shipment for it (404). An order gets one once its stock is reserved; a rejected order never does.`
            : `No label for order ${second} (shipping answered ${shipment.status}).`,
        );
        return;
      }
      response.writeHead(302, { location: labelUrl, 'cache-control': 'no-store' });
      response.end();
    } else {
      send(response, 404, 'text', 'Not found.');
    }
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = errorStatus(error);
      const message = messageOf(error);
      if (response.headersSent) {
        response.end();
      } else if (request.method === 'POST') {
        send(response, status, 'json', JSON.stringify({ message }));
      } else {
        send(response, status, 'html', `<p class="error">${escapeHtml(message)}</p>`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${state.port}`,
    close: () =>
      new Promise((resolve) => {
        dynamodb.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};
