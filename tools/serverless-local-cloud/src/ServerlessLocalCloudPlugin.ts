import { basename } from 'node:path';
import type { FunctionCredentials, LocalCloudEndpoints } from '@conveyor/local-cloud';
import {
  assertPortFree,
  localCloudEndpointsFor,
  localCloudEnvironment,
  localCloudIam,
  localRegion,
  markProvisioned,
  provisionBarrierVariable,
  provisionNameVariable,
  supervisorPidVariable,
  waitUntilProvisioned,
  watchLauncher,
  watchSupervisor,
} from '@conveyor/local-cloud';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type Lambda from 'serverless-offline/lambda';
import { compileTemplate } from './compileTemplate.ts';
import { LocalCloudPluginError } from './errors.ts';
import { localInstanceCap } from './localInstanceCap.ts';
import { EventSourceRunner } from './EventSourceRunner.ts';
import {
  assertLocalCloudRunning,
  createLocalCloudClients,
  destroyLocalCloudClients,
  localCloudIdentity,
  localCloudRequestHandler,
  localPortsVariable,
  readLocalCloudPorts,
} from './localCloudConnection.ts';
import type { LocalCloudClients } from './provisionResources.ts';
import { provisionResources } from './provisionResources.ts';
import type { ProvisionReport } from './provisionReport.ts';
import { readFunctionRoles } from './readFunctionRoles.ts';
import { type HttpApiThrottling, readHttpApiThrottling } from './readHttpApiThrottling.ts';
import { readSqsEventSources, type SqsEventSource } from './readSqsEventSources.ts';
import {
  assertEventSourcePermissions,
  describeIdentities,
  registerFunctionIdentities,
  sharedIdentities,
} from './registerFunctionIdentities.ts';
import { resolveEnvironment } from './resolveEnvironment.ts';
import { stopBundlerAfterFirstBuild } from './stopBundlerService.ts';
import { buildResourceCatalog } from './resourceCatalog.ts';
import { readSeedSpecs, seedTables } from './seedTables.ts';
import type {
  Serverless,
  ServerlessFunction,
  ServerlessLog,
  ServerlessPluginUtils,
} from './serverlessTypes.ts';
import { describeLimits, type HapiServer, throttleHttpApi } from './throttleHttpApi.ts';

const prefix = 'serverless-local-cloud:';
/** serverless-offline's default `terminateIdleLambdaTime` (its defaultOptions.js, not exported). */
const offlineDefaultIdleSeconds = 60;
// Longer than a clean stop takes: the runners' grace for batches in flight, then cleanup.
const stopWithinMs = 30_000;

const summarise = (report: ProvisionReport): string => {
  const count = report.created.length + report.updated.length + report.unchanged.length;
  const byType = new Map<string, string[]>();
  for (const { logicalId, type } of report.ignored) {
    byType.set(type, [...(byType.get(type) ?? []), logicalId]);
  }
  const ignored = [...byType].map(([type, ids]) => `${type} (${ids.join(', ')})`);
  return [
    `${prefix} ${count} resources in the local cloud: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged`,
    ...(ignored.length > 0 ? [`ignored locally: ${ignored.join(', ')}`] : []),
  ].join('; ');
};

/**
 * Serverless Framework plugin for `sls offline start`: provisions the service's resources in the
 * local cloud from its compiled CloudFormation template, points the functions at the local cloud
 * (`AWS_ENDPOINT_URL_*`), and runs each function's `sqs` events with Lambda's event source
 * mapping semantics, invoking the functions through serverless-offline.
 */
export class ServerlessLocalCloudPlugin {
  /** Lifecycle hooks, read by the plugin manager. */
  readonly hooks: Readonly<Record<string, () => Promise<void>>>;

  readonly #serverless: Serverless;
  readonly #cliOptions: Readonly<Record<string, unknown>>;
  readonly #log: ServerlessLog;
  #endpoints: LocalCloudEndpoints | undefined;
  #clients: LocalCloudClients | undefined;
  #sources: readonly SqsEventSource[] = [];
  #credentials: ReadonlyMap<string, FunctionCredentials> = new Map();
  #functionSqsClients: SQSClient[] = [];
  #runners: EventSourceRunner[] = [];
  #unwatchSupervisor: () => void = () => undefined;
  #lambda: Lambda | undefined;
  #throttling: HttpApiThrottling = { routes: [], notes: [] };

  constructor(
    serverless: Serverless,
    cliOptions: Readonly<Record<string, unknown>> = {},
    utils?: ServerlessPluginUtils,
  ) {
    this.#serverless = serverless;
    this.#cliOptions = cliOptions;
    this.#log = utils?.log ?? {
      error: (message) => {
        console.error(message);
      },
      warning: (message) => {
        console.warn(message);
      },
      notice: (message) => {
        console.log(message);
      },
      info: (message) => {
        console.log(message);
      },
      debug: () => undefined,
    };
    this.hooks = {
      // `initialize` runs before any command's lifecycle, so a failure here comes before
      // serverless-esbuild starts its build context, which would keep the process alive after
      // osls prints the error, whatever the order of the plugins.
      initialize: () => this.#userFacing(() => this.#initialize()),
      // After serverless-esbuild's bundle (listed before this plugin), before offline serves.
      'before:offline:start:init': () => this.#userFacing(() => this.#waitForOtherServices()),
      'after:offline:start:init': () =>
        this.#userFacing(async () => {
          this.#throttleHttpApi();
          await this.#startRunners();
        }),
      // serverless-esbuild's watch rebuilt the code: batches in flight finish on the old code,
      // as in Lambda after a code update, and later ones load the new.
      'offline:functionsUpdated:cleanup': async () => {
        await this.#lambda?.refresh();
      },
      // Before offline's own end hook, which exits the process.
      'before:offline:start:end': () => this.#stop(),
    };
  }

  /** Shows the plugin's own errors as osls user errors: one line, no stack trace. */
  async #userFacing(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof LocalCloudPluginError) {
        await this.#stop();
        throw new this.#serverless.classes.Error(error.message, 'LOCAL_CLOUD');
      }
      throw error;
    }
  }

  async #initialize(): Promise<void> {
    const command = this.#serverless.processedInput.commands.join(' ');
    if (command === 'offline') {
      throw new LocalCloudPluginError(
        'Run "sls offline start": serverless-local-cloud needs its init/end lifecycle; plain "sls offline" would neither provision the local cloud nor poll SQS.',
      );
    }
    if (command === 'offline start') {
      this.#watchSupervisor();
      await this.#assertOfflinePortsFree();
      await this.#prepare();
      const barrier = process.env[provisionBarrierVariable] ?? '';
      if (barrier !== '') {
        markProvisioned(
          barrier,
          process.env[provisionNameVariable] ?? basename(this.#serverless.serviceDir),
        );
      }
      // Before serverless-esbuild's first bundle, which comes after `initialize`.
      stopBundlerAfterFirstBuild(
        this.#serverless.pluginManager.plugins,
        this.#serverless.serviceDir,
        (message) => {
          this.#log.warning(`serverless-local-cloud: ${message}`);
        },
      );
    }
    // `sls invoke local` runs the handler in this process with the environment it reads at its
    // loadEnvVars step: the same one offline gives the function (endpoints, resolved names and
    // ARNs, its own credentials), against the running local cloud. Nothing polls afterwards.
    if (command === 'invoke local') {
      try {
        await this.#prepare();
      } finally {
        await this.#stop();
      }
    }
  }

  /**
   * Under npm start: serves no request and polls no queue until every service it runs has
   * provisioned its resources, so that no event goes out before its consumers' queues are
   * subscribed (`provisionBarrier.ts` in `@conveyor/local-cloud`).
   */
  async #waitForOtherServices(): Promise<void> {
    const barrier = process.env[provisionBarrierVariable] ?? '';
    if (barrier === '') return;
    try {
      await waitUntilProvisioned(barrier, {
        onWaiting: (services) => {
          this.#log.notice(
            `${prefix} waiting for ${services.join(', ')} to provision ${services.length === 1 ? 'its' : 'their'} resources: under npm start no service serves until every one has, so that no event goes out before its consumers' queues are subscribed.`,
          );
        },
      });
    } catch (error) {
      throw new LocalCloudPluginError(
        `Cannot read npm start's provision barrier in ${barrier} (${error instanceof Error ? error.message : String(error)}); restart npm start.`,
        { cause: error },
      );
    }
  }

  /**
   * A SIGKILL of npm start's supervisor, or of the `nx run <service>:offline` that started this
   * service alone, would leave this process running and holding its ports: stop once it is gone.
   * From the start, so that one killed during the build is noticed too.
   */
  #watchSupervisor(): void {
    const stop = (who: string): void => {
      this.#log.warning(`${prefix} ${who} is gone: stopping.`);
      // Offline's own clean stop once it is up (before, SIGTERM's default ends the process). A
      // stop that hangs still ends: the timer keeps nothing alive, but fires while anything does.
      setTimeout(() => process.exit(1), stopWithinMs).unref();
      process.kill(process.pid, 'SIGTERM');
    };
    try {
      this.#unwatchSupervisor =
        (process.env[supervisorPidVariable] ?? '') === ''
          ? watchLauncher((pid) => {
              stop(`the process that started this service (pid ${String(pid)})`);
            })
          : watchSupervisor(process.env, (pid) => {
              stop(`npm start's supervisor (pid ${String(pid)})`);
            });
    } catch (error) {
      throw new LocalCloudPluginError(error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }

  async #prepare(): Promise<void> {
    const ports = readLocalCloudPorts(process.env[localPortsVariable]);
    await assertLocalCloudRunning(ports, {
      onWaiting: (message) => {
        this.#log.warning(`${prefix} ${message}`);
      },
    });
    const endpoints = localCloudEndpointsFor(ports);
    this.#endpoints = endpoints;
    const identity = localCloudIdentity(endpoints);
    const { service } = this.#serverless;
    const template = await compileTemplate(this.#serverless);
    const stackName = this.#serverless.getProvider('aws').naming.getStackName();
    const catalog = buildResourceCatalog(template.Resources, stackName, identity);

    const functions: Record<string, ServerlessFunction> = {};
    for (const key of service.getAllFunctions()) {
      functions[key] = service.getFunction(key);
    }
    const { sources, notes } = readSqsEventSources(functions, catalog.context, identity);
    this.#throttling = readHttpApiThrottling(template.Resources, catalog.context);

    const clients = createLocalCloudClients(endpoints);
    this.#clients = clients;
    const report = await provisionResources(catalog, identity, clients);
    this.#log.notice(summarise(report));
    // Notice level: TTL that never fires or an unfiltered event source is worth seeing each start.
    for (const note of [...report.notes, ...notes, ...this.#throttling.notes]) {
      this.#log.notice(`${prefix} ${note}`);
    }
    for (const detail of report.details) {
      this.#log.info(`${prefix} ${detail}`);
    }
    await this.#assertQueuesExist(sources, clients);
    this.#sources = sources;
    const seeded = await seedTables(
      readSeedSpecs(service.custom),
      catalog,
      this.#serverless.serviceDir,
      clients.dynamodb,
    );
    for (const { table, inserted, existing } of seeded) {
      this.#log.notice(
        `${prefix} seeded ${table}: ${inserted} items added, ${existing} already there`,
      );
    }

    // Each function's identity: its role's statements registered with the local cloud, and
    // credentials of its own in its environment, so every AWS call it makes is checked.
    const iam = localCloudIam(endpoints.sqs);
    // Only then: the role plugin's checks (role name length...) are packaging's business.
    const enforcing = await iam.enforcing();
    const { roles, unknown } = enforcing
      ? await readFunctionRoles(this.#serverless, template, catalog.context)
      : { roles: [], unknown: [] };
    const identities = enforcing
      ? await registerFunctionIdentities(
          iam,
          service.service,
          this.#serverless.getProvider('aws').getStage(),
          roles,
        )
      : sharedIdentities;
    this.#log.notice(`${prefix} ${describeIdentities(identities, unknown)}`);
    for (const role of roles) {
      for (const note of role.notes) this.#log.notice(`${prefix} ${role.functionKey}: ${note}`);
    }
    await assertEventSourcePermissions(iam, sources, identities);
    this.#credentials = identities.credentials;

    // Before offline builds its functions, which read provider.environment then.
    const { provider } = service;
    provider.environment = {
      ...resolveEnvironment(provider.environment, catalog.context, 'provider.environment'),
      ...localCloudEnvironment(endpoints),
      // Lambda sets it in every on-demand execution environment and offline does not: without it
      // Powertools reports cold_start false on every invocation, the first one of an instance too.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    };
    for (const [key, definition] of Object.entries(functions)) {
      const credentials = identities.credentials.get(key);
      if (definition.environment === undefined && credentials === undefined) continue;
      definition.environment = {
        ...resolveEnvironment(
          definition.environment,
          catalog.context,
          `functions.${key}.environment`,
        ),
        ...(credentials === undefined
          ? {}
          : {
              AWS_ACCESS_KEY_ID: credentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
              // A session token from the shell would be sent with the function's key.
              AWS_SESSION_TOKEN: '',
            }),
      };
    }
  }

  /** An SQS client signing with a function's credentials, as its event source mapping polls. */
  #sqsFor(functionKey: string, fallback: SQSClient): SQSClient {
    const credentials = this.#credentials.get(functionKey);
    const endpoint = this.#endpoints?.sqs;
    if (credentials === undefined || endpoint === undefined) return fallback;
    const client = new SQSClient({
      region: localRegion,
      endpoint,
      credentials: { ...credentials },
      requestHandler: localCloudRequestHandler(),
    });
    this.#functionSqsClients.push(client);
    return client;
  }

  async #assertQueuesExist(
    sources: readonly SqsEventSource[],
    clients: LocalCloudClients,
  ): Promise<void> {
    for (const source of sources) {
      try {
        await clients.sqs.send(new GetQueueUrlCommand({ QueueName: source.queueName }));
      } catch {
        throw new LocalCloudPluginError(
          `Function ${source.functionKey} consumes ${source.queueName}, which does not exist in the local cloud; declare it in this service's resources`,
        );
      }
    }
  }

  /**
   * Fails in one line when a port offline is to listen on is taken (npm start runs every
   * service on its own ports): offline would find out only after provisioning, seconds later,
   * and print Node's EADDRINUSE with its stack.
   */
  async #assertOfflinePortsFree(): Promise<void> {
    const options = this.#offlineOptions();
    const service = this.#serverless.service.service;
    // serverless-offline's own defaults, where neither serverless.yml nor the command line sets one.
    for (const [kind, value, offlineDefault] of [
      ['http', options.httpPort, 3000],
      ['lambda', options.lambdaPort, 3002],
    ] as const) {
      try {
        await assertPortFree(
          Number(value ?? offlineDefault),
          `${service} ${kind}`,
          `give ${service} other ports (metadata.localPorts in its project.json)`,
        );
      } catch (error) {
        throw new LocalCloudPluginError(error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
    }
  }

  /** serverless-offline's options, as it merges them: its custom settings, then the command line. */
  #offlineOptions(): Readonly<Record<string, unknown>> {
    const offlineCustom = this.#serverless.service.custom?.['serverless-offline'] as
      Readonly<Record<string, unknown>> | undefined;
    return { ...offlineCustom, ...this.#cliOptions };
  }

  /**
   * serverless-offline's Hapi server, through the `internals()` it exposes (for its own tests):
   * the only way in from another plugin. Undefined when it serves no HTTP events or has changed.
   */
  #offlineHttpServer(): HapiServer | undefined {
    for (const plugin of this.#serverless.pluginManager.plugins) {
      const { internals } = plugin as { internals?: unknown };
      if (plugin.constructor.name !== 'ServerlessOffline' || typeof internals !== 'function') {
        continue;
      }
      try {
        const server = (
          internals.call(plugin) as { getApiGatewayServer?: () => HapiServer | null | undefined }
        ).getApiGatewayServer?.();
        return typeof server?.ext === 'function' ? server : undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /**
   * Answers 429 on each HTTP API route past its stage's throttling limits, as API Gateway does.
   * serverless-offline has no throttling, so this glue adds it to offline's Hapi server, which
   * exists (already listening) only once offline's init has run; this hook follows at once, and
   * logs its line before the plugin's "polling" ready line.
   */
  #throttleHttpApi(): void {
    const { routes } = this.#throttling;
    if (routes.length === 0) return;
    const server = this.#offlineHttpServer();
    if (server === undefined) {
      this.#log.warning(
        `${prefix} serverless-offline's HTTP server is out of reach: the HTTP API is not throttled locally`,
      );
      return;
    }
    const pathPrefix = this.#offlineOptions()['prefix'];
    throttleHttpApi(server, routes, {
      pathPrefix: typeof pathPrefix === 'string' ? pathPrefix : undefined,
      now: () => performance.now(),
      onThrottled: (route) => {
        this.#log.notice(`${prefix} 429 ${route.routeKey}: over ${describeLimits(route)}`);
      },
    });
    this.#log.notice(
      `${prefix} HTTP API throttled per route, as its stage says: ${routes
        .map((route) => `${route.routeKey} (${describeLimits(route)})`)
        .join('; ')}`,
    );
  }

  async #startRunners(): Promise<void> {
    const clients = this.#clients;
    if (clients === undefined || this.#sources.length === 0) {
      return;
    }
    const { default: OfflineLambda } = await import('serverless-offline/lambda');
    const { service } = this.#serverless;
    const options = this.#offlineOptions();
    if (options['location'] === undefined) {
      this.#log.warning(
        `${prefix} custom['serverless-offline'].location is not set (serverless-esbuild sets it); functions run from the service directory`,
      );
    }
    // The options offline itself runs with include its defaults; the idle time is the one its
    // pool needs (unset, no instance would ever count as idle).
    const lambda = new OfflineLambda(this.#serverless, {
      terminateIdleLambdaTime: offlineDefaultIdleSeconds,
      ...options,
    });
    this.#lambda = lambda;
    const functionKeys = [...new Set(this.#sources.map(({ functionKey }) => functionKey))];
    lambda.create(
      functionKeys.map((functionKey) => ({
        functionKey,
        functionDefinition: service.getFunction(functionKey),
      })),
    );
    // Stops the pollers' idle instances as offline stops its own, as Lambda reclaims an idle
    // execution environment; each is a worker thread holding its heap.
    lambda.startFunctionPool();
    const log = {
      info: (message: string) => {
        this.#log.notice(`${prefix} ${message}`);
      },
      warning: (message: string) => {
        this.#log.warning(`${prefix} ${message}`);
      },
      error: (message: string) => {
        this.#log.error(`${prefix} ${message}`);
      },
    };
    // No more pollers than the function has instances: a batch received for an instance that
    // is not free would wait with its visibility timeout running, and come back while waiting.
    // AWS advises the same (maximumConcurrency within the function's reserved concurrency), so
    // that its pollers are not throttled.
    const pollingSources = this.#sources.map((source) => ({
      ...source,
      maximumConcurrency: Math.min(
        source.maximumConcurrency,
        localInstanceCap(
          service.getFunction(source.functionKey) as Readonly<Record<string, unknown>> | undefined,
          options,
        ),
      ),
    }));
    this.#runners = pollingSources.map(
      (source) =>
        new EventSourceRunner({
          source,
          region: localRegion,
          sqs: this.#sqsFor(source.functionKey, clients.sqs),
          handBackSqs: clients.sqs,
          log,
          invoke: (event) => {
            const runner = lambda.get(source.functionKey);
            runner.setEvent(event);
            return runner.runHandler();
          },
        }),
    );
    for (const runner of this.#runners) {
      runner.start();
    }
    const described = pollingSources.map(
      ({ functionKey, queueName, batchSize, maximumBatchingWindowSeconds, maximumConcurrency }) =>
        `${functionKey} <- ${queueName} (batch ${batchSize}${maximumBatchingWindowSeconds > 0 ? `, window ${maximumBatchingWindowSeconds}s` : ''}, ${maximumConcurrency} at once)`,
    );
    this.#log.notice(
      `${prefix} polling ${this.#sources.length} SQS event source(s) on ${this.#endpoints?.sqs ?? '?'}: ${described.join('; ')}`,
    );
  }

  async #stop(): Promise<void> {
    this.#unwatchSupervisor();
    const runners = this.#runners;
    this.#runners = [];
    await Promise.all(runners.map((runner) => runner.stop()));
    const lambda = this.#lambda;
    this.#lambda = undefined;
    await lambda?.cleanup();
    if (this.#clients !== undefined) {
      destroyLocalCloudClients(this.#clients);
      this.#clients = undefined;
    }
    for (const client of this.#functionSqsClients.splice(0)) client.destroy();
  }
}
