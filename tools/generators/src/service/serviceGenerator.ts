import { fileURLToPath } from 'node:url';
import {
  formatFiles,
  type GeneratorCallback,
  generateFiles,
  getProjects,
  installPackagesTask,
  logger,
  OverwriteStrategy,
  type Tree,
} from '@nx/devkit';
import {
  addConsumer,
  type AddedConsumer,
  defaultFunctionKey,
} from '../consumer/consumerGenerator.ts';
import { GeneratorError } from '../GeneratorError.ts';
import { allocateServicePorts, readLocalPorts, type ServicePorts } from '../localPorts.ts';
import { assertName, camelCase, KEY_PATTERN, pascalCase, SERVICE_NAME_PATTERN } from '../names.ts';
import { addCodeOwner, registerService } from '../registerService.ts';
import { readTopologyFile } from '../topologyFile.ts';

/** The options of `nx g @conveyor/generators:service` (see its schema.json). */
export interface ServiceGeneratorOptions {
  /** Kebab-case: its folder under `services/` and its Nx project. */
  readonly name: string;
  /** The topic key its first queue subscribes to. */
  readonly topic: string;
  /** Comma-separated event types of that topic. */
  readonly events: string;
  /** The first queue's key; default `<name in camelCase>Inbox`. */
  readonly queue?: string;
  readonly kind?: 'fifo' | 'standard';
  /** The first queue's consuming function; default `on<Queue>`, such as `onAuditInbox`. */
  readonly function?: string;
  /** The owning team; default `<name>-team`. */
  readonly owner?: string;
  readonly description?: string;
  readonly httpPort?: number;
  readonly lambdaPort?: number;
  readonly skipInstall?: boolean;
  readonly skipFormat?: boolean;
}

/** What {@link addService} wrote. */
export interface AddedService {
  readonly name: string;
  readonly ports: ServicePorts;
  readonly consumer: AddedConsumer;
  /** Lists of services it could not extend, to edit by hand. */
  readonly manualSteps: readonly string[];
}

const filesDir = fileURLToPath(new URL('files', import.meta.url));

/** The version a new service starts at: its package.json's, and its first tag's. */
export const FIRST_VERSION = '0.1.0';

const serviceProjects = (tree: Tree): string[] =>
  [...getProjects(tree)]
    .filter(([, project]) => project.tags?.includes('type:service') === true)
    .map(([name]) => name)
    .sort();

/**
 * Scaffolds `services/<name>` in the tree, shaped like the other services: README (its events
 * section generated), package.json, project.json (tags, targets, `metadata.localPorts` from the
 * one list of local ports, checked for clashes), serverless.yml on the shared base, config and
 * composition root, a status route, unit and integration tests; then its first consumer queue
 * (the topology plugin builds a service's messaging from topology.json, and refuses a service
 * that has none there), and registers the service where the repository lists its services.
 *
 * @throws GeneratorError or EventTypesError naming what is wrong (Nx then writes nothing).
 */
export const addService = async (
  tree: Tree,
  options: ServiceGeneratorOptions,
): Promise<AddedService> => {
  const { name } = options;
  assertName('name', name, SERVICE_NAME_PATTERN, 'a kebab-case service name');
  const serviceDir = `services/${name}`;
  if (tree.children(serviceDir).length > 0) {
    throw new GeneratorError(`${serviceDir} already exists`);
  }
  if (getProjects(tree).has(name)) throw new GeneratorError(`A project named ${name} exists`);
  const { topology } = readTopologyFile(tree);
  const named = [
    ...Object.values(topology.topics).map((topic) => topic.producer as string),
    ...Object.values(topology.queues).map((queue) => queue.consumer),
  ];
  if (named.includes(name)) {
    throw new GeneratorError(`topology.json already names a service ${name}`);
  }
  const queueKey = options.queue ?? `${camelCase(name)}Inbox`;
  assertName('queue', queueKey, KEY_PATTERN, 'a camelCase key, such as analyticsOrders');
  const services = serviceProjects(tree);
  const ports = allocateServicePorts(readLocalPorts(tree), name, {
    ...(options.httpPort === undefined ? {} : { http: options.httpPort }),
    ...(options.lambdaPort === undefined ? {} : { lambda: options.lambdaPort }),
  });

  const owner = options.owner ?? `${name}-team`;
  const functionKey = options.function ?? defaultFunctionKey(queueKey);
  generateFiles(
    tree,
    filesDir,
    serviceDir,
    {
      name,
      pascalName: pascalCase(camelCase(name)),
      depsFunction: `${camelCase(name)}Deps`,
      owner,
      version: FIRST_VERSION,
      description: options.description ?? `The ${name} service.`,
      httpPort: ports.http,
      lambdaPort: ports.lambda,
      queueKey,
      functionKey,
    },
    { overwriteStrategy: OverwriteStrategy.ThrowIfExisting },
  );
  const consumer = await addConsumer(tree, {
    service: name,
    queue: queueKey,
    topic: options.topic,
    events: options.events,
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    function: functionKey,
    skipFormat: true,
  });
  const codeOwnerStep = addCodeOwner(tree, name, owner);
  const manualSteps = [
    ...consumer.manualSteps,
    ...registerService(tree, services, name),
    ...(codeOwnerStep === undefined ? [] : [codeOwnerStep]),
  ];
  if (options.skipFormat !== true) await formatFiles(tree);
  return { name, ports, consumer, manualSteps };
};

/**
 * `nx g @conveyor/generators:service --name <svc> --topic <topicKey> --events a,b`: see
 * {@link addService}. Afterwards it runs `npm install`, which records the new workspace in
 * package-lock.json (`--skipInstall` to leave it).
 */
export const serviceGenerator = async (
  tree: Tree,
  options: ServiceGeneratorOptions,
): Promise<GeneratorCallback> => {
  const added = await addService(tree, options);
  // Now, not in the callback: Nx runs no callback under --dry-run, which is when to see them.
  for (const step of added.manualSteps) logger.warn(step);
  const tag = `${added.name}@${FIRST_VERSION}`;
  const firstTag = `git tag -a ${tag} -m ${tag}`;
  return () => {
    if (options.skipInstall !== true) installPackagesTask(tree, true);
    logger.info(
      [
        `services/${added.name}: HTTP on 127.0.0.1:${added.ports.http} (lambda ${added.ports.lambda}) under npm start;`,
        `its queue ${added.consumer.queueKey} is consumed by ${added.consumer.functionKey}.`,
        `Next: npx nx run ${added.name}:test, then write its logic in services/${added.name}/src/domain,`,
        `and give its functions their bundle limits: npm run bench:bundles -- --sizes-only --add-to-budget`,
        `Once it is committed, and before its first release, tag it at its first version: ${firstTag}`,
        `(without the tag, its first release counts the whole history and ${FIRST_VERSION} is never tagged).`,
        ...(options.skipInstall === true
          ? [
              `--skipInstall left @conveyor/${added.name} out of package-lock.json, which npm ci refuses: run npm install before committing.`,
            ]
          : []),
      ].join('\n'),
    );
  };
};
