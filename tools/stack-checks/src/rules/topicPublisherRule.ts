import { toArray } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';
import { allowStatementsOf } from './policyDocumentsOf.ts';

const PUBLISH = 'sns:publish';

/**
 * `topic-publisher`: a service publishes to the topics it creates, and to no other. Each
 * `sns:Publish` grant is written by hand per function in a `serverless.yml`: a topic nothing may
 * publish to packages and deploys fine, and its producer then fails every publish with
 * `AuthorizationError`. A grant on a topic of another template publishes into another team's
 * stream, which the design gives to its owner alone.
 */
export const topicPublisherRule: StackRule = {
  id: 'topic-publisher',
  description:
    'Every SNS topic of a template is the Resource of an IAM Allow of sns:Publish in that template, and no statement allows sns:Publish on a topic the template does not create.',
  check: ({ service, template }) => {
    const topics = new Map<string, string>();
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SNS::Topic')) {
      if (typeof Properties.TopicName === 'string') topics.set(Properties.TopicName, logicalId);
    }
    const published = new Set<string>();
    const violations: Violation[] = [];
    for (const { logicalId, where, statement } of allowStatementsOf(template)) {
      const actions = toArray(statement.Action).map((action) => String(action).toLowerCase());
      if (!actions.includes(PUBLISH)) continue;
      for (const resource of toArray(statement.Resource)) {
        const name = topicNameOf(resource, template);
        if (name !== undefined && topics.has(name)) {
          published.add(name);
        } else if (resource !== '*') {
          // `*` is iam-wildcard's to report.
          violations.push({
            service,
            resource: logicalId,
            rule: topicPublisherRule.id,
            message: `${where}: allows sns:Publish on ${name ?? JSON.stringify(resource)}, a topic this template does not create; a service publishes to its own topics only`,
          });
        }
      }
    }
    for (const [name, logicalId] of topics) {
      if (published.has(name)) continue;
      violations.push({
        service,
        resource: logicalId,
        rule: topicPublisherRule.id,
        message: `no IAM statement of the template allows sns:Publish on ${name}, so its producer's every publish fails with AuthorizationError; grant it to the publishing function (iamRoleStatements in serverless.yml)`,
      });
    }
    return violations;
  },
};
