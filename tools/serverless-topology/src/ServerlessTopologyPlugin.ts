import { topology } from '@conveyor/event-types';
import { applyServiceTopology, grantTracing } from './applyServiceTopology.ts';
import { assertDeployableStage } from './assertDeployableStage.ts';
import { buildServiceTopology, resolvedTimeout } from './buildServiceTopology.ts';
import { TopologyPluginError } from './errors.ts';
import { readTopologyConfig } from './readTopologyConfig.ts';
import { removeUnusedRole } from './removeUnusedRole.ts';
import type {
  Serverless,
  ServerlessFunction,
  ServerlessLog,
  ServerlessPluginUtils,
} from './serverlessTypes.ts';
import { serviceVersionOutput } from './serviceVersionOutput.ts';
import { tagResources } from './tagResources.ts';
import { trimRoleStatements } from './trimRoleStatements.ts';

const prefix = 'serverless-topology:';

const silentLog: ServerlessLog = { notice: () => undefined, info: () => undefined };

/**
 * Serverless Framework plugin: adds to a service what its part of the topology
 * (`@conveyor/event-types`' topology.json) implies, read from `custom.topology.service`, for the
 * stage being deployed: topics, queues, DLQs, policies, subscriptions, alarms, the consuming
 * functions' `sqs` events and IAM statements. It does so at `initialize`, before any command's
 * lifecycle, so that packaging, serverless-offline, serverless-iam-roles-per-function and the
 * local cloud see them as if written in serverless.yml; list it first in `plugins`. At package
 * time it removes the framework's default role when no function uses it, takes out of the roles
 * the grants that add nothing, and tags every taggable resource of the compiled template with
 * `provider.stackTags`.
 */
export class ServerlessTopologyPlugin {
  /** Lifecycle hooks, read by the plugin manager. */
  readonly hooks: Readonly<Record<string, () => void>>;

  readonly #serverless: Serverless;
  readonly #log: ServerlessLog;

  constructor(
    serverless: Serverless,
    cliOptions: Readonly<Record<string, unknown>> = {},
    utils?: ServerlessPluginUtils,
  ) {
    this.#serverless = serverless;
    this.#log = utils?.log ?? silentLog;
    this.hooks = {
      initialize: () => {
        this.#userFacing(() => {
          // Before anything is built or any credential looked for.
          assertDeployableStage(serverless.processedInput?.commands ?? [], cliOptions);
          this.#addTopology();
        });
      },
      // After every compile step and serverless-iam-roles-per-function (before:package:finalize),
      // which copies the default role into each function's own, before the template is written.
      'before:aws:package:finalize:saveServiceState': () => {
        this.#removeUnusedDefaultRole();
        this.#trimRoles();
        this.#tagTemplate();
      },
    };
  }

  /** Shows the plugin's own errors as osls user errors: one line, no stack trace. */
  #userFacing(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof TopologyPluginError) {
        throw new this.#serverless.classes.Error(error.message, 'TOPOLOGY');
      }
      throw error;
    }
  }

  #addTopology(): void {
    const { service } = this.#serverless;
    const config = readTopologyConfig(service.custom);
    const functions: Record<string, ServerlessFunction> = {};
    for (const key of service.getAllFunctions()) {
      functions[key] = service.getFunction(key);
    }
    const built = buildServiceTopology({
      topology,
      config,
      stage: this.#serverless.getProvider('aws').getStage(),
      functionTimeout: (key) => {
        const fn = functions[key];
        if (fn === undefined) return undefined;
        try {
          return resolvedTimeout(fn.timeout, service.provider.timeout);
        } catch (error) {
          throw new TopologyPluginError(
            `functions.${key}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    });
    service.resources ??= {};
    service.provider.environment ??= {};
    // Without a folder (a plugin run outside a service, as in some tests) there is no version.
    const { serviceDir } = this.#serverless;
    applyServiceTopology(
      { environment: service.provider.environment, resources: service.resources, functions },
      serviceDir === undefined
        ? built
        : {
            ...built,
            outputs: { ...built.outputs, ServiceVersion: serviceVersionOutput(serviceDir) },
          },
    );
    grantTracing(functions, service.provider.tracing?.lambda);
    this.#log.info(
      `${prefix} ${config.service}: ${Object.keys(built.resources).length} resources, ${built.consumers.length} event sources from the topology`,
    );
  }

  #removeUnusedDefaultRole(): void {
    const template = this.#serverless.service.provider.compiledCloudFormationTemplate;
    if (template === undefined) return;
    const logicalId = this.#serverless.getProvider('aws').naming.getRoleLogicalId();
    if (removeUnusedRole(template, logicalId)) {
      this.#log.info(`${prefix} removed ${logicalId}, which no function uses`);
    }
  }

  #trimRoles(): void {
    const template = this.#serverless.service.provider.compiledCloudFormationTemplate;
    if (template === undefined) return;
    const changed = trimRoleStatements(template);
    this.#log.info(`${prefix} trimmed ${changed} IAM statements that granted nothing more`);
  }

  #tagTemplate(): void {
    const { provider } = this.#serverless.service;
    const resources = provider.compiledCloudFormationTemplate?.Resources;
    if (resources === undefined) return;
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(provider.stackTags ?? {})) {
      tags[key] = String(value);
    }
    const changed = tagResources(resources, tags);
    this.#log.info(`${prefix} tagged ${changed.length} resources`);
  }
}
