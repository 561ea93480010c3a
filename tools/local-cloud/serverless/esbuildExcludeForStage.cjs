// serverless-esbuild's `exclude` for a service with `external` packages, chosen by stage. Use it
// as a serverless variable in custom.esbuild:
//   exclude: ${file(../../tools/local-cloud/serverless/esbuildExcludeForStage.cjs)}
//
// The local stage (sls offline) installs none of the externals: its handlers run from a build
// folder inside the service, where Node finds them in the workspace's node_modules, and an
// install there would need the registry at every start. Any other stage excludes nothing, so
// `sls package` installs the externals into each zip.
'use strict';

module.exports = async ({ resolveVariable }) =>
  (await resolveVariable('sls:stage')) === 'local'
    ? resolveVariable('self:custom.esbuild.external')
    : [];
