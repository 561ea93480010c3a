import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import {
  assertLocalCloudRunning,
  createLocalCloudClients,
  destroyLocalCloudClients,
  readLocalCloudPorts,
} from './localCloudConnection.ts';

describe('readLocalCloudPorts', () => {
  it('falls back to the default ports', () => {
    // Prepare / Act
    const ports = readLocalCloudPorts(undefined);

    // Assess
    expect(ports).toEqual({ fauxqs: 4566, dynamodb: 4567, ses: 4568 });
  });

  it('reads JSON, filling in missing ports', () => {
    // Prepare / Act
    const ports = readLocalCloudPorts('{"fauxqs":5000,"dynamodb":5001}');

    // Assess
    expect(ports).toEqual({ fauxqs: 5000, dynamodb: 5001, ses: 4568 });
  });

  it("reads the local cloud's own key=value form", () => {
    // Prepare / Act
    const ports = readLocalCloudPorts('fauxqs=6000,ses=6002');

    // Assess
    expect(ports).toEqual({ fauxqs: 6000, dynamodb: 4567, ses: 6002 });
  });

  it('refuses unknown keys and bad ports', () => {
    // Prepare
    const inputs = ['{"sqs":4566}', '{"fauxqs":"4566"}', '{"fauxqs":70000}', '{not json'];

    // Act
    const acts = inputs.map((input) => () => readLocalCloudPorts(input));

    // Assess
    for (const act of acts) {
      expect(act).toThrow('CONVEYOR_LOCAL_PORTS');
    }
  });
});

describe('assertLocalCloudRunning', () => {
  const servers: Server[] = [];

  /** A server on a free loopback port; `answer` returns false to leave a request unanswered. */
  const serve = async (answer: (path: string) => string | false): Promise<number> => {
    const server = createServer((request, response) => {
      const body = answer(request.url ?? '/');
      if (body !== false) {
        response.end(body);
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };

  const healthy = async (fauxqsAnswers: (path: string) => string | false) => ({
    fauxqs: await serve(fauxqsAnswers),
    dynamodb: await serve(() => 'healthy: dynamodb'),
    ses: await serve(() => 'ok'),
  });

  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
  });

  it('fails at once, in one line, when nothing listens', async () => {
    // Prepare: a port that was free a moment ago.
    const ports = await healthy(() => '{"status":"ok"}');
    await new Promise((resolve) => servers[0]?.close(resolve));

    // Act
    const act = assertLocalCloudRunning(ports);

    // Assess
    await expect(act).rejects.toThrow(
      /^The local cloud is not running on 127\.0\.0\.1:\d+\/\d+\/\d+\. Start it from the repo root with .* CONVEYOR_LOCAL_PORTS\.$/,
    );
  });

  it('waits for a local cloud that listens but is slow to answer', async () => {
    // Prepare: fauxqs leaves its first two health checks unanswered, as a busy process would.
    let checks = 0;
    const ports = await healthy(() => {
      checks += 1;
      return checks > 2 ? '{"status":"ok"}' : false;
    });

    // Act
    await assertLocalCloudRunning(ports);

    // Assess
    expect(checks).toBeGreaterThan(2);
  });

  it('says so when what listens never answers as the local cloud', async () => {
    // Prepare
    const ports = await healthy(() => 'not the local cloud');

    const said: string[] = [];

    // Act
    const act = assertLocalCloudRunning(ports, {
      deadlineMs: 300,
      sayWaitingAfterMs: 0,
      onWaiting: (message) => said.push(message),
    });

    // Assess
    await expect(act).rejects.toThrow(/does not answer as the local cloud within 0\.3 s/);
    expect(said).toEqual([
      expect.stringMatching(
        /^Something listens on 127\.0\.0\.1:\d+\/\d+\/\d+ but does not answer as the local cloud yet: waiting up to 0\.3 s in all\.$/,
      ),
    ]);
  });
});

describe('createLocalCloudClients', () => {
  let hung: Server | undefined;
  afterEach(async () => {
    hung?.closeAllConnections();
    const server = hung;
    if (server !== undefined) {
      await new Promise((resolve) => {
        server.close(resolve);
      });
    }
    hung = undefined;
  });

  it('fails a call the local cloud takes and never answers, once its request timeout passes', async () => {
    // Prepare: a server that takes every request and never answers, as a stopped local cloud.
    hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung?.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${String(port)}`;
    const clients = createLocalCloudClients(
      {
        sqs: endpoint,
        sns: endpoint,
        s3: endpoint,
        dynamodb: endpoint,
        sesv2: endpoint,
        inbox: endpoint,
      },
      200,
    );

    try {
      // Act
      const call = clients.sqs.send(new ListQueuesCommand({}));

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      destroyLocalCloudClients(clients);
    }
  });
});
