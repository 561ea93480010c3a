import { jsonResponse, makeHttpHandler } from '@conveyor/lambda-toolkit';
import { getStatusDeps } from '../compositionRoot.ts';

const deps = getStatusDeps();

/** `GET /analytics/status`: that the service runs, and in which stage. */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: () =>
    Promise.resolve(jsonResponse(200, { service: 'analytics', stage: deps.config.STAGE })),
});
