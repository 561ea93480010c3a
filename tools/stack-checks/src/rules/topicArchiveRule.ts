import { MAX_ARCHIVE_RETENTION_DAYS } from '@conveyor/event-types';
import { isRecord, toNumber } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** The stage whose topics keep a year of events, the most SNS archives. */
export const PROD_STAGE = 'prod';

/** Days a FIFO topic archives its messages in prod. */
export const PROD_ARCHIVE_RETENTION_DAYS = MAX_ARCHIVE_RETENTION_DAYS;

const isTrue = (value: unknown): boolean => value === true || value === 'true';

/**
 * `topic-archive`: every FIFO topic archives what is published to it, so that a consumer can
 * replay it (a read model rebuilt after a fix, a new service filled from history): an
 * `ArchivePolicy` of 1-365 days, 365 in prod. A standard topic has none, as SNS archives FIFO
 * topics only.
 */
export const topicArchiveRule: StackRule = {
  id: 'topic-archive',
  description: `Every FIFO topic has an ArchivePolicy whose MessageRetentionPeriod is a whole number of days 1-${MAX_ARCHIVE_RETENTION_DAYS}, ${PROD_ARCHIVE_RETENTION_DAYS} in stage ${PROD_STAGE}; a standard topic has none.`,
  check: ({ service, stage, template }) => {
    const violations: Violation[] = [];
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::SNS::Topic')) {
      const report = (message: string): void => {
        violations.push({ service, resource: logicalId, rule: topicArchiveRule.id, message });
      };
      const policy = Properties.ArchivePolicy;
      const archives = isRecord(policy) && Object.keys(policy).length > 0;
      if (!isTrue(Properties.FifoTopic)) {
        if (archives) {
          report('a standard topic has an ArchivePolicy; SNS archives FIFO topics only');
        }
        continue;
      }
      if (!archives) {
        report(
          'FIFO topic has no ArchivePolicy, so nothing published to it can be replayed: give its topic an archive in libs/event-types/topology.json',
        );
        continue;
      }
      const days = toNumber(policy.MessageRetentionPeriod);
      if (
        days === undefined ||
        !Number.isInteger(days) ||
        days < 1 ||
        days > MAX_ARCHIVE_RETENTION_DAYS
      ) {
        report(
          `ArchivePolicy.MessageRetentionPeriod is ${JSON.stringify(policy.MessageRetentionPeriod)}, must be a whole number of days 1-${MAX_ARCHIVE_RETENTION_DAYS}`,
        );
      } else if (stage === PROD_STAGE && days !== PROD_ARCHIVE_RETENTION_DAYS) {
        report(
          `ArchivePolicy.MessageRetentionPeriod is ${days} days in ${PROD_STAGE}, must be ${PROD_ARCHIVE_RETENTION_DAYS}`,
        );
      }
    }
    return violations;
  },
};
