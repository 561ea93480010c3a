import type { CloudFormationTemplate } from './parseTemplate.ts';

/** One service's packaged stack: what every rule and drift check reads. */
export interface PackagedStack {
  /** The service's folder name under `services/`, such as `inventory`. */
  readonly service: string;
  /** The stage it was packaged for (`provider.stage`), such as `dev`. */
  readonly stage: string;
  /** `.serverless/cloudformation-template-update-stack.json`. */
  readonly template: CloudFormationTemplate;
  /** `provider.stackTags` from `.serverless/serverless-state.json`. */
  readonly stackTags: Readonly<Record<string, unknown>>;
}
