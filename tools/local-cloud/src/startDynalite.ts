// Projects that compile this file with their own tsconfig (importing @conveyor/local-cloud) do
// not include src/types, so point them at dynalite's declaration from here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./types/dynalite.d.ts" />
import dynalite from 'dynalite';
import { localCloudPortLabels } from './localCloudPorts.ts';
import type { RequestListener } from 'node:http';
import { closeServer, listenOnLoopback, requestListenerOf } from './loopback.ts';

/** A running dynalite (DynamoDB). */
export interface DynaliteHandle {
  readonly port: number;
  /** Answers a request in this process, as the port would. */
  readonly requestListener: RequestListener;
  stop(): Promise<void>;
}

const label = localCloudPortLabels.dynamodb;

/** Starts dynalite on loopback; `path` is its LevelDB directory, in memory when undefined. */
export const startDynalite = async (
  port: number,
  path: string | undefined,
): Promise<DynaliteHandle> => {
  // Tables become ACTIVE at once: local provisioning should not wait like AWS does.
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path === undefined ? {} : { path }),
  });
  const boundPort = await listenOnLoopback(server, port, label);
  // dynalite's own close() also closes LevelDB once the HTTP side is down.
  return {
    port: boundPort,
    requestListener: requestListenerOf(server, label),
    stop: () => closeServer(server, label),
  };
};
