// provider.environment of every service (see serverless.base.yml): what all of them read (the
// idempotency table is serverless.base.yml's too), then the service's own custom.environment. A
// file variable, because serverless.yml variables cannot merge two maps.
'use strict';

module.exports = async ({ resolveVariable }) => ({
  STAGE: await resolveVariable('sls:stage'),
  POWERTOOLS_SERVICE_NAME: await resolveVariable('self:custom.topology.service'),
  IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' },
  ...(await resolveVariable('self:custom.environment')),
  NODE_OPTIONS: '--enable-source-maps',
});
