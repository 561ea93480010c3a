export { discoverServices, type LocalService } from './discoverServices.ts';
export { DataDirInUseError, LocalCloudError, PortInUseError } from './errors.ts';
export { isLocalCloudRunning } from './isLocalCloudRunning.ts';
export { localAccountId, localRegion } from './localAccount.ts';
export { localCloudEnvironment } from './localCloudEnvironment.ts';
export {
  defaultLocalCloudPorts,
  formatLocalCloudPorts,
  type LocalCloudPorts,
  localCloudPortLabels,
  parseLocalCloudPorts,
  resolveLocalCloudPorts,
} from './localCloudPorts.ts';
export {
  defaultLocalCloudDataDir,
  type LocalCloud,
  type LocalCloudEndpoints,
  type LocalCloudOptions,
  startLocalCloud,
} from './startLocalCloud.ts';
