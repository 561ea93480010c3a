import { describe, expect, it } from 'vitest';
import {
  formatUntaggedProjects,
  requestedReleaseProjects,
  unreleasedProjects,
} from './unreleasedProjects.ts';

const projects = [
  { name: 'shipping', tags: ['type:service', 'scope:shipping'] },
  { name: 'event-types', tags: ['type:contracts'] },
  { name: 'dlq', tags: ['type:tool'] },
  { name: 'trace', tags: ['type:tool'] },
];
const patterns = ['tag:type:service', 'tag:type:contracts'];

describe('requestedReleaseProjects', () => {
  it('reads every form Nx takes: separate, inline, short, repeated and comma lists', () => {
    // Act
    const names = requestedReleaseProjects([
      '--dry-run',
      '--projects',
      'shipping, dlq',
      '-p=trace',
      '--projects=event-types',
      '-p',
      'checkout',
    ]);

    // Assess
    expect(names).toEqual(['shipping', 'dlq', 'trace', 'event-types', 'checkout']);
  });
});

describe('unreleasedProjects', () => {
  it('refuses the projects a release leaves out, and names those it takes', () => {
    // Act
    const found = unreleasedProjects(['shipping', 'dlq', 'trace'], projects, patterns);

    // Assess
    expect(found).toEqual({
      refused: ['dlq', 'trace'],
      releasable: ['event-types', 'shipping'],
      releasedTags: ['type:service', 'type:contracts'],
      matchedOnlyUnreleased: [],
    });
  });

  it('refuses patterns that match only projects a release leaves out, naming what they matched', () => {
    // Act
    const tools = unreleasedProjects(['tag:type:tool'], projects, patterns, ['trace', 'dlq']);
    const mixed = unreleasedProjects(['*'], projects, patterns, ['dlq', 'shipping']);

    // Assess
    expect(tools.matchedOnlyUnreleased).toEqual(['dlq', 'trace']);
    expect(mixed.matchedOnlyUnreleased).toEqual([]);
  });

  it('leaves unknown names, patterns matching nothing and non-tag release settings to Nx', () => {
    // Act
    const unknown = unreleasedProjects(
      ['nosuch', 'tag:type:nothing', 'x*'],
      projects,
      patterns,
      [],
    );
    const byName = unreleasedProjects(
      ['dlq'],
      projects,
      ['shipping', 'tag:type:contracts'],
      ['dlq'],
    );

    // Assess
    expect(unknown.refused).toEqual([]);
    expect(unknown.matchedOnlyUnreleased).toEqual([]);
    expect(byName.refused).toEqual([]);
    expect(byName.matchedOnlyUnreleased).toEqual([]);
  });
});

describe('formatUntaggedProjects', () => {
  it('says why an untagged project is not released yet, with the command that tags each', () => {
    // Act
    const one = formatUntaggedProjects([{ name: 'inventory', version: '0.1.0' }]);
    const two = formatUntaggedProjects([
      { name: 'email', version: '0.1.0' },
      { name: 'event-types', version: '1.2.0' },
    ]);

    // Assess
    expect(one).toBe(
      "release: inventory has no release tag yet, so Nx would count every commit since the repository began (other teams' too) as the first release's changes. Tag it once at its current version, then release:\n  git tag -a inventory@0.1.0 -m inventory@0.1.0",
    );
    expect(two.split('\n')).toEqual([
      expect.stringMatching(
        /^release: email, event-types have no release tag yet, .* Tag each once at their current version, then release:$/,
      ),
      '  git tag -a email@0.1.0 -m email@0.1.0',
      '  git tag -a event-types@1.2.0 -m event-types@1.2.0',
    ]);
  });
});
