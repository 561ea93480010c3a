/**
 * The part of osls's (Serverless Framework v3) runtime objects this plugin touches. osls's own
 * `types/index.d.ts` describes only the configuration file, not the plugin API.
 */

/** A CloudFormation resource, as written in `resources.Resources` or compiled. */
export interface CloudFormationResource {
  readonly Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: unknown;
}

/** A CloudFormation output. */
export interface CloudFormationOutput {
  readonly Value: unknown;
  readonly Description?: string;
}

/** A CloudFormation template, or the `resources` section of serverless.yml. */
export interface CloudFormationTemplate {
  Resources?: Record<string, CloudFormationResource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, CloudFormationOutput>;
}

/** A function as declared in serverless.yml (after variable resolution). */
export interface ServerlessFunction {
  readonly name?: string;
  readonly timeout?: unknown;
  readonly tracing?: unknown;
  events?: Record<string, unknown>[];
  iamRoleStatements?: unknown[];
}

export interface ServerlessProvider {
  readonly timeout?: unknown;
  environment?: Record<string, unknown>;
  readonly stackTags?: Readonly<Record<string, unknown>>;
  readonly tracing?: { readonly lambda?: unknown };
  compiledCloudFormationTemplate?: CloudFormationTemplate;
}

export interface ServerlessService {
  readonly service: string;
  readonly provider: ServerlessProvider;
  readonly custom?: Readonly<Record<string, unknown>>;
  resources?: CloudFormationTemplate;
  getAllFunctions(): string[];
  getFunction(functionKey: string): ServerlessFunction;
}

/** osls's `ServerlessError`: printed as a one-line message, without a stack trace. */
export type ServerlessErrorClass = new (message: string, code?: string) => Error;

/** The `serverless` object handed to a plugin's constructor. */
export interface Serverless {
  readonly service: ServerlessService;
  /** The service's folder, where its serverless.yml and package.json are. */
  readonly serviceDir?: string;
  /** The command line's commands, such as `['deploy']` or `['offline', 'start']`. */
  readonly processedInput?: { readonly commands: readonly string[] };
  readonly classes: { readonly Error: ServerlessErrorClass };
  getProvider(name: 'aws'): {
    getStage(): string;
    /** `getRoleLogicalId()`: `IamRoleLambdaExecution`, the provider's default execution role. */
    readonly naming: { getRoleLogicalId(): string };
  };
}

/** The logging utilities osls hands to a plugin's constructor (third argument). */
export interface ServerlessLog {
  notice(message: string): void;
  info(message: string): void;
}

export interface ServerlessPluginUtils {
  readonly log: ServerlessLog;
}
