// An HTTP call that waits for a busy function's one instance, and whose client then closes the
// connection, is withdrawn: it never runs. In Lambda no call waits for an instance, so none
// outlives its client this way; locally, running it would only delay the calls behind it, and
// a client that times out and retries would queue, and run, each of its attempts.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalCloud, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldCalls } from './support/heldCalls.ts';
import { localClients } from './support/localClients.ts';
import { newRunId } from './support/observations.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let dynamodb: DynamoDBClient | undefined;

// The reload fixture watches the file this names; nothing writes it here, so nothing rebuilds.
const unwatched = join(tmpdir(), `slc-abandoned-${randomUUID()}.txt`);

const { call, release, markers, markerOf, linesOfOutput, requestsSeen } = heldCalls(
  () => offline!,
  () => dynamodb!,
  'slc-reload-test-markers',
);

beforeAll(async () => {
  writeFileSync(unwatched, 'never changes\n');
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'abandoned-calls',
    config: 'serverless.reload.yml',
    env: { SLC_WATCH_PATTERN: unwatched },
  });
  await offline.waitForOutput(readyLine);
  ({ dynamodb } = localClients(cloud.endpoints));
});

afterAll(async () => {
  await offline?.stop();
  dynamodb?.destroy();
  await cloud?.stop();
  rmSync(unwatched, { force: true });
});

describe('an HTTP call waiting for a free instance', () => {
  it('is never run once its client has left, and the calls after it run', async () => {
    // Prepare: the function's one instance (reservedConcurrency 1) holding a call, and a second
    // call, which would write the marker call-gone, waiting for it.
    const runId = newRunId();
    const held = call(`hold?runId=${runId}&call=h`);
    await markerOf(runId, 'holding-h');
    const leaving = new AbortController();
    const gone = call(`mark?runId=${runId}&call=gone`, { signal: leaving.signal }).then(
      () => 'answered',
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    await waitFor('the second call waiting for the instance', () =>
      requestsSeen('mark') >= 1 ? true : undefined,
    );

    // Act: its client leaves; once offline has withdrawn it, the held call ends and one more
    // call comes.
    leaving.abort();
    try {
      await waitFor('the waiting call withdrawn', () =>
        linesOfOutput('(λ: held) not run: its caller left') >= 1 ? true : undefined,
      );
    } finally {
      // Even when the withdrawal is not seen: no call left hanging past the test.
      await release(runId, 'h');
    }
    const finished = await held;
    const next = await call(`mark?runId=${runId}&call=next`);

    // Assess: the withdrawn call never ran (no call-gone marker), the others did.
    expect(await gone).toBe('AbortError');
    expect([finished.status, next.status]).toEqual([200, 200]);
    expect((await markers(runId, 'call-')).map(({ name }) => name)).toEqual(['call-next']);
    expect(offline!.output()).toMatch(
      /GET \/held\/mark \(λ: held\) not run: its caller left after waiting \d+ ms for a free instance/,
    );
  });
});
