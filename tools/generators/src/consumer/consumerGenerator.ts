import { fileURLToPath } from 'node:url';
import { listPublishedEvents, type Topology } from '@conveyor/event-types';
import {
  formatFiles,
  type GeneratorCallback,
  generateFiles,
  installPackagesTask,
  logger,
  OverwriteStrategy,
  readJson,
  type Tree,
  updateJson,
} from '@nx/devkit';
import { GeneratorError } from '../GeneratorError.ts';
import {
  assertName,
  FUNCTION_NAME_PATTERN,
  KEY_PATTERN,
  kebabCase,
  pascalCase,
  SERVICE_NAME_PATTERN,
  splitList,
} from '../names.ts';
import { addConsumerDeps } from '../compositionRootFile.ts';
import {
  addConsumerFunction,
  addIdempotencyTable,
  resourcesFileOf,
  serviceNameOf,
  topologyServiceOf,
} from '../serverlessYml.ts';
import { readTopologyFile, TOPOLOGY_PATH, writeTopologyFile } from '../topologyFile.ts';
import { updateEventsDocs } from '../updateEventsDocs.ts';
import { STAGE_DASHBOARD_PATH, updateStageDashboard } from '../updateStageDashboard.ts';

/** The options of `nx g @conveyor/generators:consumer` (see its schema.json). */
export interface ConsumerGeneratorOptions {
  /** The consuming service: its folder under `services/`. */
  readonly service: string;
  /** The queue's key in topology.json, such as `analyticsOrders`. */
  readonly queue: string;
  /** The topic key to subscribe to, such as `orderEvents`. */
  readonly topic: string;
  /** Comma-separated event types of that topic. */
  readonly events: string;
  /** `fifo` or `standard`; default the topic's kind. */
  readonly kind?: 'fifo' | 'standard';
  /** The consuming function's name; default `on<Queue>`. */
  readonly function?: string;
  readonly batchSize?: number;
  readonly batchingWindow?: number;
  readonly maximumConcurrency?: number;
  readonly skipInstall?: boolean;
  readonly skipFormat?: boolean;
}

/** What {@link addConsumer} wrote. */
export interface AddedConsumer {
  readonly queueKey: string;
  readonly functionKey: string;
  readonly queueName: string;
  readonly topology: Topology;
  /** Every file it created or changed, from the workspace root. */
  readonly files: readonly string[];
  /** What its integration tests need that the service does not give them, to add by hand. */
  readonly manualSteps: readonly string[];
  /** The packages its files import that the service's package.json lacked, now added there. */
  readonly packagesAdded: readonly string[];
}

/**
 * The packages a consumer's files import: its handler, builder and domain (`dependencies`), and
 * its integration tests (`devDependencies`).
 */
export const CONSUMER_PACKAGES = {
  dependencies: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-sqs',
    '@conveyor/event-types',
    '@conveyor/lambda-toolkit',
  ],
  devDependencies: ['@aws-sdk/client-sns', '@conveyor/local-cloud', '@conveyor/service-testing'],
} as const;

type Manifest = Partial<
  Record<
    'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies',
    Record<string, string>
  >
>;

/**
 * Adds to the service's package.json the {@link CONSUMER_PACKAGES} it lacks, at the root
 * package.json's version (`*` for a workspace package), and returns them. npm's hoisting would
 * run the consumer without them here, but not the service installed or released alone, and the
 * lint rule `conveyor/declared-imports` refuses it.
 */
const declareConsumerPackages = (tree: Tree, serviceDir: string): string[] => {
  const path = `${serviceDir}/package.json`;
  const manifest = readJson<Manifest>(tree, path);
  const declared = (name: string) =>
    [
      manifest.dependencies,
      manifest.devDependencies,
      manifest.peerDependencies,
      manifest.optionalDependencies,
    ].some((section) => section !== undefined && Object.hasOwn(section, name));
  const missing = Object.entries(CONSUMER_PACKAGES).flatMap(([section, names]) =>
    names.filter((name) => !declared(name)).map((name) => ({ section, name })),
  );
  if (missing.length === 0) return [];
  const root = readJson<Manifest>(tree, 'package.json');
  const versionOf = (name: string) =>
    name.startsWith('@conveyor/')
      ? '*'
      : (root.devDependencies?.[name] ?? root.dependencies?.[name] ?? '*');
  updateJson<Record<string, unknown>>(tree, path, (json) => {
    for (const { section, name } of missing) {
      const entries = {
        ...(json[section] as Record<string, string> | undefined),
        [name]: versionOf(name),
      };
      json[section] = Object.fromEntries(
        // As npm sorts a section it writes.
        Object.entries(entries).sort(([a], [b]) => a.localeCompare(b, 'en')),
      );
    }
    return json;
  });
  return missing.map(({ name }) => name);
};

/** Batch size when not given: the largest batch Lambda takes from a FIFO queue. */
export const DEFAULT_BATCH_SIZE = 10;
/** Concurrency when not given: a modest bulkhead, so one queue cannot take every instance. */
export const DEFAULT_MAXIMUM_CONCURRENCY = 5;

const filesDir = fileURLToPath(new URL('files', import.meta.url));

/**
 * The consuming function's name when none is given: `analyticsOrders` → `onAnalyticsOrders`.
 */
export const defaultFunctionKey = (queueKey: string): string => `on${pascalCase(queueKey)}`;

const newestVersions = (events: readonly string[]): { eventType: string; version: number }[] =>
  events.map((eventType) => ({
    eventType,
    version: Math.max(
      ...listPublishedEvents()
        .filter((published) => published.eventType === eventType)
        .map((published) => published.version),
    ),
  }));

// IAM's limit on a role name, which serverless-iam-roles-per-function builds as
// <service>-<stage>-<function>-<region>[-lambdaRole] and refuses past it, stopping npm start.
const ROLE_NAME_LIMIT = 64;
// Below this, no function name worth having fits: the service name is what must be shorter.
const SHORTEST_USEFUL_FUNCTION_KEY = 'onInbox';

/**
 * Refuses a function key whose role name would pass IAM's 64 characters at the local stage in
 * us-east-1, what `npm start` uses; longer deploy stages and regions leave less room.
 */
const assertRoleNameFits = (serverlessYml: string, path: string, functionKey: string): void => {
  const service = serviceNameOf(serverlessYml, path);
  // The plugin drops "-lambdaRole" before it gives up.
  const fixed = [service, 'local', 'us-east-1'].join('-').length + 1;
  const room = ROLE_NAME_LIMIT - fixed;
  if (functionKey.length > room) {
    const over = `The function ${functionKey} would get the IAM role name ${service}-local-${functionKey}-us-east-1, over IAM's ${String(ROLE_NAME_LIMIT)} characters`;
    throw new GeneratorError(
      room < SHORTEST_USEFUL_FUNCTION_KEY.length
        ? `${over}: the service name ${service} leaves ${String(Math.max(room, 0))} characters for a function name; choose a shorter service name (the service generator's --name)`
        : `${over}: give it a name of at most ${String(room)} characters in ${service}, fewer for longer stage or region names (the consumer generator's --function, or a shorter --queue, from which the default name comes)`,
    );
  }
};

/** The integration tests written for a consumer, from the service's folder. */
export const consumerTestFiles = (functionKey: string): string[] => [
  `tests/${functionKey}.test.ts`,
  `tests/${functionKey}DeadLetters.test.ts`,
  `tests/${functionKey}Faults.test.ts`,
  `tests/support/${functionKey}TestContext.ts`,
];

/**
 * What the consumer's integration tests `inject` and the service's `tests/globalSetup.ts` does
 * not provide, as a step to do by hand: the local cloud's `cloudEndpoints`, the service's
 * served output, `<service>OutputUrl`, and its holding proxies' control URL, `<service>FaultsUrl`
 * (`offlineServiceSetup(name, { serveOutput: true, holdingProxies: true })` of
 * `@conveyor/service-testing` gives all three, as the generated services' and the others' do).
 */
const globalSetupStep = (tree: Tree, serviceDir: string, service: string): string | undefined => {
  const path = `${serviceDir}/tests/globalSetup.ts`;
  const text = tree.read(path, 'utf-8') ?? '';
  const outputUrl = `${service}OutputUrl`;
  const faultsUrl = `${service}FaultsUrl`;
  const givesEndpoints = text.includes('offlineServiceSetup(') || text.includes("'cloudEndpoints'");
  const gives = (key: string, option: RegExp) =>
    text.includes(key) && (option.test(text) || text.includes(`'${key}'`));
  const givesOutput = gives(outputUrl, /serveOutput:\s*true/);
  const givesFaults = gives(faultsUrl, /holdingProxies:\s*true/);
  if (givesEndpoints && givesOutput && givesFaults) return undefined;
  return `${path} must provide the local cloud's cloudEndpoints, ${outputUrl} (the served output of the service, whose log lines the consumer's tests read) and ${faultsUrl} (the control URL of the proxies its timeout test holds a request in), and declare ${outputUrl}: string and ${faultsUrl}: string in vitest's ProvidedContext: export const setup = offlineServiceSetup('${service}', { serveOutput: true, holdingProxies: true }) of @conveyor/service-testing does, as in the generated services; its vitest config must run tests/**/*.test.ts with it as globalSetup, one file at a time (fileParallelism: false), since the fault tests take a permission away from the service every file shares.`;
};

/**
 * Adds a consumer queue to a service, in the tree: its topology.json entry (kind, function,
 * batch, concurrency, subscription; checked by the contract lib before anything is written), the
 * handler module (`makeSqsEventHandler` of the toolkit, one handler per event type), its builder
 * in the composition root (logger, SQS client, idempotency under its own key prefix), a domain
 * function with its unit test, its integration tests (each event type published on its topic; a
 * duplicate delivery and a replay reaching the domain once; an invalid and a poison event ending
 * in its DLQ; a retry, a permission denied, a timeout and events arriving out of order), the function in the service's serverless.yml, the events
 * sections of every service README (as `npm run docs:events` writes them) and the stage
 * dashboard's template (as `npm run dashboard:stage` writes it). The topology plugin
 * builds the rest at package time: queue, DLQ, policies, subscription, event source, alarms.
 *
 * @throws GeneratorError or EventTypesError naming what is wrong (Nx then writes nothing).
 */
export const addConsumer = async (
  tree: Tree,
  options: ConsumerGeneratorOptions,
): Promise<AddedConsumer> => {
  assertName('service', options.service, SERVICE_NAME_PATTERN, 'a kebab-case service name');
  assertName('queue', options.queue, KEY_PATTERN, 'a camelCase key, such as analyticsOrders');
  assertName('topic', options.topic, KEY_PATTERN, 'a camelCase topic key, such as orderEvents');
  const serviceDir = `services/${options.service}`;
  const serverlessPath = `${serviceDir}/serverless.yml`;
  const serverlessYml = tree.read(serverlessPath, 'utf-8');
  if (serverlessYml === null) {
    throw new GeneratorError(
      `${serverlessPath} does not exist: create the service first (nx g @conveyor/generators:service)`,
    );
  }
  const consumer = topologyServiceOf(serverlessYml, serverlessPath);
  const { json, topology } = readTopologyFile(tree);
  const queueKey = options.queue;
  if (Object.hasOwn(json.queues, queueKey)) {
    throw new GeneratorError(
      `${TOPOLOGY_PATH} already has a queue "${queueKey}"; to subscribe it to another topic, add the subscription there (tools/serverless-topology/README.md)`,
    );
  }
  const topic = Object.hasOwn(topology.topics, options.topic)
    ? topology.topics[options.topic]
    : undefined;
  if (topic === undefined) {
    throw new GeneratorError(
      `No topic "${options.topic}" in ${TOPOLOGY_PATH}; it has ${Object.keys(topology.topics).join(', ')}`,
    );
  }
  const events = splitList(options.events);
  if (events.length === 0) {
    throw new GeneratorError(
      `--events names no event type; ${options.topic} carries ${topic.events.join(', ')}`,
    );
  }
  // Named here: the contract's own check would list every event type of every topic.
  const carried: readonly string[] = topic.events;
  const foreign = events.filter((event) => !carried.includes(event));
  if (foreign.length > 0) {
    throw new GeneratorError(
      `--events: ${options.topic} carries no ${foreign.join(', ')}; it carries ${topic.events.join(', ')}`,
    );
  }
  const functionKey = options.function ?? defaultFunctionKey(queueKey);
  assertName('function', functionKey, FUNCTION_NAME_PATTERN, 'letters and digits');
  assertRoleNameFits(serverlessYml, serverlessPath, functionKey);
  const handlerPath = `${serviceDir}/src/handlers/${functionKey}.ts`;
  const testPaths = consumerTestFiles(functionKey).map((path) => `${serviceDir}/${path}`);
  for (const path of [handlerPath, ...testPaths]) {
    if (tree.exists(path)) throw new GeneratorError(`${path} already exists`);
  }
  const compositionRootPath = `${serviceDir}/src/compositionRoot.ts`;
  const compositionRoot = tree.read(compositionRootPath, 'utf-8');
  if (compositionRoot === null) throw new GeneratorError(`${compositionRootPath} does not exist`);
  // checkout, inventory and email keep their resources in resources.yml.
  const resourcesFile = resourcesFileOf(serverlessYml, serverlessPath);
  const resourcesPath = resourcesFile === undefined ? undefined : `${serviceDir}/${resourcesFile}`;
  const resourcesYml = resourcesPath === undefined ? null : tree.read(resourcesPath, 'utf-8');
  if (resourcesPath !== undefined && resourcesYml === null) {
    throw new GeneratorError(
      `${serverlessPath} takes its resources from ${resourcesPath}, which does not exist`,
    );
  }
  // Before any write: it refuses a file it cannot parse.
  const withTable =
    resourcesPath === undefined || resourcesYml === null
      ? undefined
      : { path: resourcesPath, text: addIdempotencyTable(resourcesYml, resourcesPath) };
  const tableAdded = withTable !== undefined && withTable.text !== resourcesYml;
  const idempotencyPrefix = `${consumer}.${functionKey}`;
  const domainFunction = `handle${pascalCase(queueKey)}Event`;
  // Before any write: it refuses a composition root it cannot extend.
  const extendedRoot = addConsumerDeps(compositionRoot, compositionRootPath, {
    functionKey,
    idempotencyPrefix,
    domainFunction,
  });

  const fifo = (options.kind ?? (topic.fifo ? 'fifo' : 'standard')) === 'fifo';
  const suffix = fifo ? '.fifo' : '';
  // Names start with the consumer, so an operator reading a queue or DLQ name knows its owner.
  const kebab = kebabCase(queueKey);
  const baseName = kebab.startsWith(`${consumer}-`) ? kebab : `${consumer}-${kebab}`;
  const queueName = `${baseName}${suffix}`;
  const maximumConcurrency = options.maximumConcurrency ?? DEFAULT_MAXIMUM_CONCURRENCY;
  json.queues[queueKey] = {
    logicalId: pascalCase(queueKey),
    name: queueName,
    dlqName: `${baseName}-dlq${suffix}`,
    fifo,
    consumer,
    function: functionKey,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    ...(options.batchingWindow === undefined ? {} : { batchingWindow: options.batchingWindow }),
    maximumConcurrency,
    subscriptions: { [options.topic]: { events } },
  };
  // The contract lib's checks (kinds, batch rules, events the topic carries) before any write.
  const updated = writeTopologyFile(tree, json);

  const substitutions = {
    // The service's folder and Nx project, as its globalSetup names its provided keys.
    name: options.service,
    functionKey,
    idempotencyPrefix,
    domainFunction,
    domainDepsType: `${pascalCase(domainFunction)}Deps`,
    depsFunction: `${functionKey}Deps`,
    queueKey,
    queueName,
    events,
    eventVersions: newestVersions(events),
    eventTypeName: `${pascalCase(queueKey)}Event`,
    outcomeTypeName: `${pascalCase(queueKey)}Outcome`,
  };
  generateFiles(tree, filesDir, serviceDir, substitutions, {
    overwriteStrategy: OverwriteStrategy.ThrowIfExisting,
  });
  tree.write(compositionRootPath, extendedRoot);
  tree.write(
    serverlessPath,
    addConsumerFunction(serverlessYml, serverlessPath, {
      functionKey,
      queueKey,
      maximumConcurrency,
    }),
  );
  if (tableAdded) tree.write(withTable.path, withTable.text);
  const packagesAdded = declareConsumerPackages(tree, serviceDir);
  const readmes = await updateEventsDocs(tree, updated);
  const dashboard = updateStageDashboard(tree, updated) ? [STAGE_DASHBOARD_PATH] : [];
  const setupStep = globalSetupStep(tree, serviceDir, options.service);
  if (options.skipFormat !== true) await formatFiles(tree);
  return {
    queueKey,
    functionKey,
    queueName,
    topology: updated,
    files: [
      TOPOLOGY_PATH,
      handlerPath,
      compositionRootPath,
      `${serviceDir}/src/domain/${domainFunction}.ts`,
      `${serviceDir}/src/domain/${domainFunction}.test.ts`,
      serverlessPath,
      ...testPaths,
      ...(tableAdded ? [withTable.path] : []),
      ...(packagesAdded.length > 0 ? [`${serviceDir}/package.json`] : []),
      ...readmes,
      ...dashboard,
    ],
    manualSteps: setupStep === undefined ? [] : [setupStep],
    packagesAdded,
  };
};

/**
 * `nx g @conveyor/generators:consumer --service <svc> --queue <queueKey> --topic <topicKey>
 * --events a,b [--kind fifo|standard]`: see {@link addConsumer}.
 */
export const consumerGenerator = async (
  tree: Tree,
  options: ConsumerGeneratorOptions,
): Promise<GeneratorCallback> => {
  const added = await addConsumer(tree, options);
  // Now, not in the callback: Nx runs no callback under --dry-run, which is when to see them.
  for (const step of added.manualSteps) logger.warn(step);
  const tests = consumerTestFiles(added.functionKey)
    .filter((path) => path.endsWith('.test.ts'))
    .join(', ');
  const unrecorded = added.packagesAdded.length > 0 && options.skipInstall === true;
  return () => {
    // package-lock.json records a workspace's dependencies: npm ci refuses a lock without them.
    if (added.packagesAdded.length > 0 && options.skipInstall !== true) {
      installPackagesTask(tree, true);
    }
    logger.info(
      [
        `Queue ${added.queueKey} (conveyor-<stage>-${added.queueName}) is consumed by ${options.service}'s ${added.functionKey}.`,
        `Next: write its logic in services/${options.service}/src/domain, then`,
        `  npx nx run ${options.service}:package   # the queue, DLQ, subscription and alarms in .serverless/`,
        `  npx nx run ${options.service}:test      # its integration tests too: ${tests}`,
        `  npm run bench:bundles -- --sizes-only --add-to-budget   # its bundle's limits in tools/bundle-bench/bundle-budget.json`,
        ...(unrecorded
          ? [
              `  npm install   # --skipInstall left ${added.packagesAdded.join(', ')} out of package-lock.json, which npm ci refuses`,
            ]
          : []),
      ].join('\n'),
    );
  };
};
