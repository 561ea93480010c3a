import { join, resolve } from 'node:path';
import { LocalCloudError } from './errors.ts';
import { lockDataDir } from './lockDataDir.ts';
import {
  type LocalCloudPorts,
  localCloudPortLabels,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';
import { assertPortFree, loopbackHost } from './loopback.ts';
import { startDynalite } from './startDynalite.ts';
import { repoRoot } from './repoRoot.ts';
import { startFauxqsOnLoopback } from './startFauxqsOnLoopback.ts';
import { startSesLocal } from './startSesLocal.ts';

/** How to start the local cloud. Everything is optional. */
export interface LocalCloudOptions {
  /** Ports to bind on 127.0.0.1; missing ones take `defaultLocalCloudPorts`; 0 picks a free port. */
  readonly ports?: Partial<LocalCloudPorts>;
  /** Where state lives; defaults to `<repo root>/.local/cloud`. */
  readonly dataDir?: string;
  /** Keep nothing on disk (tests). Cannot be combined with `dataDir`. */
  readonly inMemory?: boolean;
}

/** Base URLs of the local services, for `AWS_ENDPOINT_URL_*` or a client's `endpoint`. */
export interface LocalCloudEndpoints {
  /** SQS (fauxqs), for example `http://127.0.0.1:4566`. */
  readonly sqs: string;
  /** SNS (fauxqs); the same server as `sqs`. */
  readonly sns: string;
  /** S3 (fauxqs); the same server as `sqs`. Path-style URLs work with an IP host. */
  readonly s3: string;
  /** DynamoDB (dynalite). */
  readonly dynamodb: string;
  /** SES v2 API (aws-ses-v2-local). */
  readonly sesv2: string;
  /** The web inbox showing every mail sent through `sesv2`; its JSON is at `${sesv2}/store`. */
  readonly inbox: string;
}

/** A running local cloud. */
export interface LocalCloud {
  /** The ports actually bound (a requested 0 is replaced by the port picked). */
  readonly ports: LocalCloudPorts;
  /** The endpoints, all on 127.0.0.1. */
  readonly endpoints: LocalCloudEndpoints;
  /** Stops every server and flushes state to disk. Safe to call more than once. */
  stop(): Promise<void>;
}

/** `<repo root>/.local/cloud`, found from this file's place in the repo (git-ignored). */
export const defaultLocalCloudDataDir = join(repoRoot, '.local', 'cloud');

// aws-ses-v2-local keeps mail in one module-wide store, so two clouds in one process would
// share (and overwrite each other's) mail.
let runningInThisProcess = false;

/** The endpoints of a local cloud bound to these ports. */
export const localCloudEndpointsFor = (ports: LocalCloudPorts): LocalCloudEndpoints => {
  const url = (port: number): string => `http://${loopbackHost}:${port}`;
  return {
    sqs: url(ports.fauxqs),
    sns: url(ports.fauxqs),
    s3: url(ports.fauxqs),
    dynamodb: url(ports.dynamodb),
    sesv2: url(ports.ses),
    inbox: `${url(ports.ses)}/`,
  };
};

/**
 * Starts SQS, SNS and S3 (fauxqs), DynamoDB (dynalite) and SES v2 (aws-ses-v2-local) in this
 * process, each bound to 127.0.0.1 only. State persists under `dataDir` unless `inMemory`.
 * Fails with `PortInUseError` naming the port and service when a port is taken, and starts
 * nothing in that case.
 *
 * @example
 * ```ts
 * const cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
 * const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: localRegion });
 * await cloud.stop();
 * ```
 */
export const startLocalCloud = async (options: LocalCloudOptions = {}): Promise<LocalCloud> => {
  if (options.inMemory === true && options.dataDir !== undefined) {
    throw new LocalCloudError('Pass either dataDir or inMemory, not both.');
  }
  const requested = resolveLocalCloudPorts(options.ports);
  if (runningInThisProcess) {
    throw new LocalCloudError(
      'A local cloud is already running in this process; stop it first (aws-ses-v2-local keeps mail in one process-wide store).',
    );
  }
  runningInThisProcess = true;

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
      }
    }
    stops.length = 0;
    runningInThisProcess = false;
    if (failures.length > 0) {
      throw new LocalCloudError('The local cloud did not stop cleanly.', {
        cause: new AggregateError(failures),
      });
    }
  };

  try {
    // Check every port first, so a clash starts nothing (dynalite would already hold its files).
    await assertPortFree(requested.fauxqs, localCloudPortLabels.fauxqs);
    await assertPortFree(requested.dynamodb, localCloudPortLabels.dynamodb);
    await assertPortFree(requested.ses, localCloudPortLabels.ses);

    const dataDir =
      options.inMemory === true ? undefined : resolve(options.dataDir ?? defaultLocalCloudDataDir);
    if (dataDir !== undefined) {
      const release = lockDataDir(dataDir);
      stops.push(() => {
        release();
        return Promise.resolve();
      });
    }
    const inDataDir = (...path: string[]): string | undefined =>
      dataDir === undefined ? undefined : join(dataDir, ...path);

    const fauxqs = await startFauxqsOnLoopback(requested.fauxqs, inDataDir('fauxqs'));
    stops.push(() => fauxqs.stop());
    const dynamodb = await startDynalite(requested.dynamodb, inDataDir('dynamodb'));
    stops.push(() => dynamodb.stop());
    const ses = await startSesLocal(requested.ses, inDataDir('ses', 'mail.json'));
    stops.push(() => ses.stop());

    const ports: LocalCloudPorts = { fauxqs: fauxqs.port, dynamodb: dynamodb.port, ses: ses.port };
    let stopping: Promise<void> | undefined;
    return {
      ports,
      endpoints: localCloudEndpointsFor(ports),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
};
