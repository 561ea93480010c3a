// provider.environment of every service (see serverless.base.yml): what all of them read, then the
// service's own custom.environment. A file variable, because serverless.yml variables cannot merge
// two maps. IDEMPOTENCY_TABLE is not here: only the services that keep eventId records have that
// table, and they set it (see serverless.base.yml, idempotencyTable). No NODE_OPTIONS:
// --enable-source-maps would read each bundle's map at every cold start, and the toolkit maps a
// stack trace when one is printed (libs/lambda-toolkit/src/sourceMappedStackTraces.ts).
'use strict';

module.exports = async ({ resolveVariable }) => ({
  STAGE: await resolveVariable('sls:stage'),
  POWERTOOLS_SERVICE_NAME: await resolveVariable('self:custom.topology.service'),
  ...(await resolveVariable('self:custom.environment')),
});
