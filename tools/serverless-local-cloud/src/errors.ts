/** Base class of every error this plugin raises on purpose; the plugin shows only its message. */
export class LocalCloudPluginError extends Error {
  override readonly name: string = 'LocalCloudPluginError';
}

/** A CloudFormation intrinsic (or a reference) that cannot be resolved locally. */
export class IntrinsicResolutionError extends LocalCloudPluginError {
  override readonly name = 'IntrinsicResolutionError';
}

/** An SQS event source that AWS would refuse at deploy time, or that cannot run locally. */
export class EventSourceConfigError extends LocalCloudPluginError {
  override readonly name = 'EventSourceConfigError';
}

/** A resource that cannot be created or brought up to date in the local cloud. */
export class ProvisioningError extends LocalCloudPluginError {
  override readonly name = 'ProvisioningError';
}

/** The local cloud does not answer. */
export class LocalCloudNotRunningError extends LocalCloudPluginError {
  override readonly name = 'LocalCloudNotRunningError';
}
