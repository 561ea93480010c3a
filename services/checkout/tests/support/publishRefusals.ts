import { type RevokedPermission, revokePermission } from '@conveyor/service-testing';
import { inject } from 'vitest';

/** Takes and gives back checkout functions' sns:Publish on one topic. */
export interface PublishRefusals {
  /** Takes sns:Publish on the topic from one function, as AWS refuses a role without it. */
  refuse(functionKey: string): Promise<RevokedPermission>;
  /** Gives back every permission taken so far; for `afterEach`. */
  restoreAll(): Promise<void>;
}

/** Refusals of sns:Publish on the topic whose ARN contains `topic`. */
export const publishRefusals = (topic: string): PublishRefusals => {
  let revoked: RevokedPermission[] = [];
  return {
    refuse: async (functionKey) => {
      const permission = await revokePermission(inject('cloudEndpoints').sqs, {
        service: 'conveyor-checkout',
        functionKey,
        action: 'sns:Publish',
        resourceContains: topic,
      });
      revoked.push(permission);
      return permission;
    },
    restoreAll: async () => {
      const taken = revoked;
      revoked = [];
      await Promise.all(taken.map((each) => each.restore()));
    },
  };
};
