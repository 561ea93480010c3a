export { ChangelogRenderer, formatChangelogEntry, startsChangelog } from './changelogRenderer.ts';
export {
  checkInstallScripts,
  formatInstallScriptProblems,
  type InstallScriptProblems,
  type LockfileView,
  type ScriptedPackage,
  scriptedPackages,
} from './checkInstallScripts.ts';
export {
  checkProducerTopics,
  formatTopicCheck,
  listTopicNames,
  type RequiredTopic,
  requiredProducerTopics,
  type TopicCheck,
  topologyServices,
} from './checkProducerTopics.ts';
export {
  checkWorkflow,
  formatWorkflowProblems,
  type RepoModel,
  type WorkflowProblem,
} from './checkWorkflow.ts';
export {
  type EventsDoc,
  publishedVersions,
  readEventsDocs,
  readTopologyJson,
  writeEventsDocs,
} from './eventsDocs.ts';
export {
  EVENTS_DOCS_SCRIPT,
  EVENTS_END,
  EVENTS_START,
  EventsSectionError,
  type EventsTopology,
  type EventVersions,
  formatEventsSection,
  readEventsSection,
  renderEventsSection,
  replaceEventsSection,
} from './eventsSection.ts';
export {
  type CommandKind,
  CommandKinds,
  commandsIn,
  commandsInScript,
  type ParsedWorkflow,
  parseWorkflow,
  shellWords,
  type WorkflowCommand,
  type WorkflowTriggers,
} from './parseWorkflow.ts';
export { readRepoModel, readWorkflows, workflowFiles } from './readRepoModel.ts';
export {
  requestedReleaseProjects,
  type TaggedProject,
  type UnreleasedProjects,
  unreleasedProjects,
} from './unreleasedProjects.ts';
