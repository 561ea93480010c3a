/**
 * The part of osls's (Serverless Framework v3) runtime objects this plugin touches. osls's own
 * `types/index.d.ts` describes only the configuration file, not the plugin API.
 */

/** A CloudFormation resource as found in the compiled template. */
export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: unknown;
}

/** The compiled CloudFormation template, `provider.compiledCloudFormationTemplate`. */
export interface CloudFormationTemplate {
  readonly Resources: Readonly<Record<string, CloudFormationResource>>;
}

/** A function as declared in serverless.yml (after variable resolution). */
export interface ServerlessFunction {
  readonly name?: string;
  /** Its own role: a logical id, an ARN or an intrinsic (instead of the provider's). */
  readonly role?: unknown;
  readonly handler?: string;
  readonly timeout?: number;
  readonly events?: readonly Readonly<Record<string, unknown>>[];
  environment?: Record<string, unknown>;
}

export interface ServerlessProvider {
  readonly name: string;
  readonly region?: string;
  readonly stage?: string;
  readonly timeout?: number;
  environment?: Record<string, unknown>;
  compiledCloudFormationTemplate?: CloudFormationTemplate;
}

export interface ServerlessService {
  readonly service: string;
  readonly provider: ServerlessProvider;
  custom?: Record<string, unknown>;
  readonly plugins?: unknown;
  getAllFunctions(): string[];
  getFunction(functionKey: string): ServerlessFunction;
}

/** A hook registered by any plugin, as kept by the plugin manager. */
export interface PluginManagerHook {
  readonly pluginName: string;
  readonly hook: () => unknown;
}

/** osls's `ServerlessError`: printed as a one-line message, without a stack trace. */
export type ServerlessErrorClass = new (message: string, code?: string) => Error;

/** The `serverless` object handed to a plugin's constructor. */
export interface Serverless {
  readonly service: ServerlessService;
  readonly serviceDir: string;
  readonly config: { readonly servicePath: string };
  readonly pluginManager: {
    readonly hooks: Readonly<Record<string, readonly PluginManagerHook[] | undefined>>;
    /** Every loaded plugin's instance. */
    readonly plugins: readonly object[];
  };
  readonly processedInput: { readonly commands: readonly string[] };
  readonly classes: { readonly Error: ServerlessErrorClass };
  getProvider(name: 'aws'): {
    getStage(): string;
    readonly naming: {
      getStackName(): string;
      /** `IamRoleLambdaExecution`: the provider's default execution role. */
      getRoleLogicalId(): string;
      /** `<Name>LambdaFunction`: a function's resource. */
      getLambdaLogicalId(functionKey: string): string;
    };
  };
}

/** The logging utilities osls hands to a plugin's constructor (third argument). */
export interface ServerlessLog {
  error(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface ServerlessPluginUtils {
  readonly log: ServerlessLog;
}
