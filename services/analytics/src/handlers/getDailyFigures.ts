import { jsonResponse, makeHttpHandler, problemResponse } from '@conveyor/lambda-toolkit';
import { getDailyFiguresDeps } from '../compositionRoot.ts';
import { dailyReport } from '../domain/dailyReport.ts';
import { dayRange } from '../domain/dayRange.ts';

const deps = getDailyFiguresDeps();

/**
 * `GET /analytics/daily?from=YYYY-MM-DD&to=YYYY-MM-DD`: each UTC day's figures and the range's,
 * derived from the facts stored under each day.
 */
export const handler = makeHttpHandler({
  logger: deps.logger,
  tracer: deps.tracer,
  handle: async (event) => {
    const query = event.queryStringParameters ?? {};
    const checked = dayRange(query['from'], query['to']);
    if (!checked.ok) {
      return problemResponse(400, {
        detail: checked.problems.map((problem) => problem.detail).join('; '),
        errors: checked.problems,
      });
    }
    return jsonResponse(200, await dailyReport(checked.range, deps));
  },
});
