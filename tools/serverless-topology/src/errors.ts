/**
 * A service's serverless.yml and the topology disagree, or the configuration is invalid; the
 * plugin shows only its message, as an osls user error.
 */
export class TopologyPluginError extends Error {
  override readonly name = 'TopologyPluginError';
}
