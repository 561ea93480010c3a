import { TopologyPluginError } from './errors.ts';

// The commands that change a stack in AWS.
const stackCommands: readonly string[] = ['deploy', 'remove', 'rollback'];

/**
 * Refuses a command that changes a stack in AWS (`sls deploy`, `remove`, `rollback --timestamp`) without an
 * explicit `--stage`, which would fall back to `dev` unannounced, or to the `local` stage, which is
 * the local cloud's and is never deployed (docs/deploying.md). Packaging and serverless-offline
 * take any stage.
 *
 * @example
 * ```ts
 * assertDeployableStage(['deploy'], { stage: 'dev' }); // passes
 * assertDeployableStage(['deploy'], {}); // throws: names --stage
 * ```
 * @throws TopologyPluginError naming what to pass instead.
 */
export const assertDeployableStage = (
  commands: readonly string[],
  options: Readonly<Record<string, unknown>>,
): void => {
  const [command, subcommand] = commands;
  if (command === undefined || !stackCommands.includes(command)) return;
  // Reading, not changing: `deploy list` and a `rollback` with no timestamp list deployments.
  if (subcommand === 'list' || (command === 'rollback' && options['timestamp'] === undefined)) {
    return;
  }
  const stage = options['stage'] ?? options['s'];
  if (stage === undefined || stage === '') {
    // Deploy and remove have Nx targets; a rollback is run with sls from the service's folder.
    const example =
      command === 'rollback'
        ? 'npx sls rollback --timestamp <timestamp> --stage dev does from the service'
        : `npx nx run <service>:${command} --stage dev does`;
    throw new TopologyPluginError(
      `sls ${command} changes a stack in AWS: name its stage with --stage (dev, prod, …), as ${example}; see docs/deploying.md`,
    );
  }
  if (stage === 'local') {
    throw new TopologyPluginError(
      `The local stage is the local cloud's (npm start) and is never deployed to AWS: sls ${command} --stage local refused; name dev or another stage (docs/deploying.md)`,
    );
  }
};
