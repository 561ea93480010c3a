import { toArray } from '../isRecord.ts';
import type { CloudFormationTemplate } from '../parseTemplate.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { referenceOf } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';
import { allowStatementsOf } from './policyDocumentsOf.ts';

// As IAM matches an action: case-insensitive, `*` and `?` anywhere (`sns:*` grants it too;
// iam-wildcard reports the wildcard itself).
const grantsPublish = (action: unknown): boolean => {
  if (typeof action !== 'string') return false;
  const pattern = action
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test('sns:publish');
};

/** The logical id of the template's topic a `Resource` names, whichever way it is written. */
const topicOf = (
  resource: unknown,
  template: CloudFormationTemplate,
  byName: ReadonlyMap<string, string>,
): string | undefined => {
  // `Ref`, `Fn::GetAtt <Topic>.TopicArn`, `Fn::Sub ${Topic}`: all give the topic's ARN.
  const reference = referenceOf(resource);
  if (
    reference !== undefined &&
    template.Resources[reference.logicalId]?.Type === 'AWS::SNS::Topic' &&
    (reference.attribute === undefined || reference.attribute === 'TopicArn')
  ) {
    return reference.logicalId;
  }
  const name = topicNameOf(resource, template);
  return name === undefined ? undefined : byName.get(name);
};

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
    const topics = resourcesOfType(template, 'AWS::SNS::Topic');
    const byName = new Map<string, string>();
    for (const [logicalId, { Properties }] of topics) {
      if (typeof Properties.TopicName === 'string') byName.set(Properties.TopicName, logicalId);
    }
    const published = new Set<string>();
    const violations: Violation[] = [];
    for (const { logicalId, where, statement } of allowStatementsOf(template)) {
      if (!toArray(statement.Action).some(grantsPublish)) continue;
      for (const resource of toArray(statement.Resource)) {
        const topic = topicOf(resource, template, byName);
        if (topic !== undefined) {
          published.add(topic);
        } else if (resource !== '*') {
          // `*` is iam-wildcard's to report.
          const reference = referenceOf(resource);
          violations.push({
            service,
            resource: logicalId,
            rule: topicPublisherRule.id,
            // `package` leaves a Ref to nothing in place; only the deploy would refuse it.
            message:
              reference !== undefined && template.Resources[reference.logicalId] === undefined
                ? `${where}: allows sns:Publish on ${reference.logicalId}, which names no resource of this template: is its topic in libs/event-types/topology.json (topics.<key>, producer ${service})?`
                : `${where}: allows sns:Publish on ${topicNameOf(resource, template) ?? JSON.stringify(resource)}, a topic this template does not create; a service publishes to its own topics only`,
          });
        }
      }
    }
    for (const [logicalId, { Properties }] of topics) {
      if (published.has(logicalId)) continue;
      const name = typeof Properties.TopicName === 'string' ? Properties.TopicName : logicalId;
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
