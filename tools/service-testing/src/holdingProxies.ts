// Pass-through HTTP proxies in front of the local cloud that can hold chosen requests back (a
// dependency that stalls, so that a handler really passes its timeout) or answer them with an
// error the local server never gives (SES refusing a mail), with nothing test-only in the
// service. Runs in the global setup; tests steer it over a small control API
// (holdingProxiesClient.ts).
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The local servers a proxy can stand in front of. */
export type Upstream = 'dynamodb' | 'fauxqs' | 'ses';

/** An answer the proxy gives in the upstream's place. */
export interface ProxyAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Holds back the next `count` requests to `upstream` whose headers and body contain every string
 * of `contains`; with `answer`, answers them with it at once instead, and they never reach the
 * upstream.
 */
export interface HoldRule {
  readonly upstream: Upstream;
  readonly contains: readonly string[];
  readonly count: number;
  readonly answer?: ProxyAnswer;
}

/** What the proxies did with held requests since the last rule was set. */
export interface HoldStatus {
  /** Requests held back and not released yet. */
  readonly held: number;
  /** Released requests the upstream has answered (whether or not their client still listened). */
  readonly answered: number;
  /** Requests answered with the rule's `answer` in the upstream's place. */
  readonly refused: number;
}

/** The proxies and their control API. */
export interface HoldingProxies {
  readonly ports: Readonly<Record<Upstream, number>>;
  /** `POST /hold` (a {@link HoldRule}), `GET /status` ({@link HoldStatus}), `POST /release`. */
  readonly controlUrl: string;
  readonly stop: () => Promise<void>;
}

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const readBody = async (message: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Starts one proxy per upstream port and the control server, all on 127.0.0.1. A request that
 * matches no rule goes straight through; a held one is forwarded on release even if its client
 * has gone, as a request already on the wire would arrive.
 */
export const startHoldingProxies = async (
  upstreams: Readonly<Record<Upstream, number>>,
): Promise<HoldingProxies> => {
  let rule: (HoldRule & { remaining: number }) | undefined;
  let held: (() => Promise<void>)[] = [];
  let answered = 0;
  let refused = 0;
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const track = (server: Server): Server =>
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });

  const proxyTo = (upstream: Upstream): Server =>
    track(
      createServer((incoming, outgoing) => {
        outgoing.on('error', () => undefined);
        void readBody(incoming).then((body) => {
          const forward = () =>
            new Promise<void>((done) => {
              const upstreamRequest = request(
                {
                  host: '127.0.0.1',
                  port: upstreams[upstream],
                  method: incoming.method,
                  path: incoming.url,
                  headers: incoming.headers,
                  agent,
                },
                (response) => {
                  outgoing.writeHead(response.statusCode ?? 502, response.headers);
                  response.pipe(outgoing);
                  response.on('end', done);
                  response.on('error', done);
                },
              );
              upstreamRequest.on('error', () => {
                outgoing.destroy();
                done();
              });
              upstreamRequest.end(body);
            });
          const text = `${JSON.stringify(incoming.headers)}\n${body.toString('utf8')}`;
          if (
            rule !== undefined &&
            rule.upstream === upstream &&
            rule.remaining > 0 &&
            rule.contains.every((part) => text.includes(part))
          ) {
            rule.remaining -= 1;
            if (rule.answer !== undefined) {
              refused += 1;
              outgoing.writeHead(rule.answer.status, rule.answer.headers).end(rule.answer.body);
              return;
            }
            held.push(async () => {
              await forward();
              answered += 1;
            });
            return;
          }
          void forward();
        });
      }),
    );

  const control = track(
    createServer((incoming, outgoing) => {
      void (async () => {
        const body = await readBody(incoming);
        if (incoming.method === 'POST' && incoming.url === '/hold') {
          const next = JSON.parse(body.toString('utf8')) as HoldRule;
          rule = { ...next, remaining: next.count };
          answered = 0;
          refused = 0;
        } else if (incoming.method === 'POST' && incoming.url === '/release') {
          const release = held;
          held = [];
          rule = undefined;
          for (const send of release) void send();
        } else if (!(incoming.method === 'GET' && incoming.url === '/status')) {
          outgoing.writeHead(404).end();
          return;
        }
        const status: HoldStatus = { held: held.length, answered, refused };
        outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
      })();
    }),
  );

  const servers = { dynamodb: proxyTo('dynamodb'), fauxqs: proxyTo('fauxqs'), ses: proxyTo('ses') };
  const ports = {
    dynamodb: await listen(servers.dynamodb),
    fauxqs: await listen(servers.fauxqs),
    ses: await listen(servers.ses),
  };
  const controlUrl = `http://127.0.0.1:${String(await listen(control))}`;
  return {
    ports,
    controlUrl,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await Promise.all(
        [...Object.values(servers), control].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => {
                resolve();
              });
            }),
        ),
      );
    },
  };
};
