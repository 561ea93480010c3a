import type { RequestListener } from 'node:http';
import { join, resolve } from 'node:path';
import { LocalCloudError } from './errors.ts';
import { lockDataDir } from './lockDataDir.ts';
import {
  defaultLocalCloudDataDir,
  type LocalCloudEndpoints,
  localCloudEndpointsFor,
} from './localCloudEndpointsFor.ts';
import {
  type LocalCloudPorts,
  localCloudPortLabels,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';
import { FunctionRegistry } from './iam/FunctionRegistry.ts';
import { answerIamControlRequest } from './iam/iamControlApi.ts';
import { IamEnforcer } from './iam/IamEnforcer.ts';
import { PolicyEvaluator } from './iam/PolicyEvaluator.ts';
import { SnsDeliveryGuard } from './iam/SnsDeliveryGuard.ts';
import { type AnswerObserver, type PortKind, startEnforcedPort } from './iam/startEnforcedPort.ts';
import { describeCall, receivedMessageCount } from './stats/describeCall.ts';
import { LocalRunStats } from './stats/LocalRunStats.ts';
import { assertPortFree, loopbackHost } from './loopback.ts';
import { startDynalite } from './startDynalite.ts';
import { startFauxqsOnLoopback } from './startFauxqsOnLoopback.ts';
import { startSesLocal } from './startSesLocal.ts';
import { ArchiveStore } from './snsArchive/ArchiveStore.ts';
import type { ReplayPacer } from './snsArchive/ReplayPacer.ts';
import { SnsArchive } from './snsArchive/SnsArchive.ts';

/** How to start the local cloud. Everything is optional. */
export interface LocalCloudOptions {
  /** Ports to bind on 127.0.0.1; missing ones take `defaultLocalCloudPorts`; 0 picks a free port. */
  readonly ports?: Partial<LocalCloudPorts>;
  /** Where state lives; defaults to `<repo root>/.local/cloud`. */
  readonly dataDir?: string;
  /** Keep nothing on disk (tests). Cannot be combined with `dataDir`. */
  readonly inMemory?: boolean;
  /**
   * Enforce IAM: each function's calls are checked against its role, SNS deliveries against
   * queue policies, S3 needs a signature (see the README). Off unless set; the CLIs turn it on.
   */
  readonly iam?: boolean;
  /** Receives the enforcement layer's lines (refused calls and deliveries). */
  readonly onLog?: (line: string) => void;
  /**
   * For tests of SNS archives and replays: the clock of publish times, retention and replay
   * windows (`Date.now` by default), and when replays take their steps.
   */
  readonly snsArchive?: {
    readonly now?: () => number;
    readonly pacer?: ReplayPacer;
  };
}

/** A running local cloud. */
export interface LocalCloud {
  /** The ports actually bound (a requested 0 is replaced by the port picked). */
  readonly ports: LocalCloudPorts;
  /** The endpoints, all on 127.0.0.1. */
  readonly endpoints: LocalCloudEndpoints;
  /** Whether IAM is enforced (the IAM API answers at `${endpoints.sqs}/_local-cloud/iam`). */
  readonly iam: boolean;
  /**
   * The run's counters, served at `${endpoints.sqs}/_local-cloud/stats`: every AWS API call the
   * enforcement layer saw, and what `npm start`'s supervisor reports. Only with `iam`, whose
   * layer sees each call.
   */
  readonly stats?: LocalRunStats;
  /** Stops every server and flushes state to disk. Safe to call more than once. */
  stop(): Promise<void>;
}

// aws-ses-v2-local keeps mail in one module-wide store, so two clouds in one process would
// share (and overwrite each other's) mail.
let runningInThisProcess = false;

/**
 * The implementation behind the package's `startLocalCloud` (`startLocalCloudOnDemand.ts`, which
 * documents it and loads this module on its first call). `main.ts` calls it directly.
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

    const iam = options.iam === true;
    const log = options.onLog ?? (() => undefined);
    const evaluator = new PolicyEvaluator();
    const guard = iam ? new SnsDeliveryGuard(evaluator, log) : undefined;
    // With enforcement the servers take free loopback ports behind the enforced public ones.
    const backendPort = (port: number): number => (iam ? 0 : port);

    const archivePath = inDataDir('sns-archive', 'archive.db');
    const archive = new SnsArchive({
      store: ArchiveStore.open(archivePath),
      log,
      ...(options.snsArchive?.now === undefined ? {} : { now: options.snsArchive.now }),
      ...(options.snsArchive?.pacer === undefined ? {} : { pacer: options.snsArchive.pacer }),
    });
    stops.push(() => archive.close());
    const fauxqs = await startFauxqsOnLoopback(
      backendPort(requested.fauxqs),
      inDataDir('fauxqs'),
      guard?.filter,
      archive,
    );
    stops.push(() => fauxqs.stop());
    // Stopped first (stops run in reverse): no replay step once fauxqs is stopping.
    stops.push(() => archive.stop());
    guard?.connect(`http://${loopbackHost}:${fauxqs.port}`);
    const dynamodb = await startDynalite(backendPort(requested.dynamodb), inDataDir('dynamodb'));
    stops.push(() => dynamodb.stop());
    const ses = await startSesLocal(
      backendPort(requested.ses),
      inDataDir('ses', 'mail.jsonl'),
      inDataDir('ses', 'mail.json'),
    );
    stops.push(() => ses.stop());

    let ports: LocalCloudPorts = { fauxqs: fauxqs.port, dynamodb: dynamodb.port, ses: ses.port };
    const stats = guard === undefined ? undefined : new LocalRunStats();
    if (guard !== undefined && stats !== undefined) {
      const enforcer = new IamEnforcer({
        registry: new FunctionRegistry(inDataDir('iam', 'functions.json')),
        evaluator,
        log,
      });
      const front = async (kind: PortKind, backend: RequestListener): Promise<number> => {
        const enforced = await startEnforcedPort({
          kind,
          port: requested[kind],
          label: localCloudPortLabels[kind],
          backend,
          decide: (api, request) => enforcer.decide(api, request),
          control: (request) => answerIamControlRequest(request, enforcer, guard),
          stats: (request) => stats.answer(request),
          observe: (api, request, refused): AnswerObserver | undefined => {
            const call = describeCall(api, request);
            stats.requests.record(call, refused);
            if (refused || call.service !== 'sqs' || call.operation !== 'ReceiveMessage') {
              return undefined;
            }
            return (status, body) => {
              const messages = status < 300 ? receivedMessageCount(body) : undefined;
              if (messages !== undefined) stats.requests.recordReceived(call, messages);
            };
          },
        });
        stops.push(() => enforced.stop());
        return enforced.port;
      };
      ports = {
        fauxqs: await front('fauxqs', fauxqs.requestListener),
        dynamodb: await front('dynamodb', dynamodb.requestListener),
        ses: await front('ses', ses.requestListener),
      };
    }
    let stopping: Promise<void> | undefined;
    return {
      ports,
      endpoints: localCloudEndpointsFor(ports),
      iam,
      ...(stats === undefined ? {} : { stats }),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
};
