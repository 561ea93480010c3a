export {
  type BundleAnalysis,
  analyzeBundle,
  type PackageShare,
  packageOf,
} from './analyzeBundle.ts';
export {
  BUDGET_PATH,
  type BundleBudget,
  checkBudget,
  readBudget,
  type SizeLimits,
} from './bundleBudget.ts';
export { BASELINE_ENTRY, BASELINE_HANDLER, buildBaseline } from './buildBaseline.ts';
export { type BundleSizes, bundleSizes } from './bundleSizes.ts';
export {
  type BaselineBundle,
  buildBaselineBundle,
  type DeployedBundle,
  type Deployments,
  readDeployments,
  unpackedDir,
} from './deployedBundles.ts';
export { type EsbuildSettings, readEsbuildSettings } from './esbuildSettings.ts';
export {
  lambdaEnvironment,
  type LambdaRuntimeSettings,
  resolveIntrinsic,
} from './lambdaEnvironment.ts';
export { type InitTarget, measureInitTimes, median, startCold } from './measureInit.ts';
export {
  handlerParts,
  listServices,
  MissingPackageError,
  PACKAGE_DIR,
  type PackagedFunction,
  readPackagedFunctions,
  readPackagedTemplate,
  type Template,
} from './packagedFunctions.ts';
export { profileInit, type TimeShare } from './profileInit.ts';
export { readZipEntries, writeZip, type ZipEntry } from './zipArchive.ts';
