import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('reads the variables serverless.yml sets', () => {
    // Prepare
    const env = { STAGE: 'local', FACTS_TABLE: 'conveyor-local-analytics-facts' };

    // Act
    const config = readConfig(env);

    // Assess
    expect(config).toEqual(env);
  });

  it('fails the cold start when a variable is missing', () => {
    // Prepare
    const env = { STAGE: 'local' };

    // Act
    const read = () => readConfig(env);

    // Assess
    expect(read).toThrow(/FACTS_TABLE/);
  });
});
