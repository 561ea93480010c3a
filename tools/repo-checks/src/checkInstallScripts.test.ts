import { describe, expect, it } from 'vitest';
import {
  checkInstallScripts,
  formatInstallScriptProblems,
  type LockfileView,
  scriptedPackages,
} from './checkInstallScripts.ts';

const lock: LockfileView = {
  packages: {
    '': { version: '0.0.0' },
    'libs/event-types': { version: '0.1.0', hasInstallScript: true },
    'node_modules/node': { version: '24.21.0', hasInstallScript: true },
    'node_modules/@parcel/watcher': { version: '2.6.0', hasInstallScript: true },
    'node_modules/dynalite/node_modules/classic-level': {
      version: '3.0.0',
      hasInstallScript: true,
    },
    'node_modules/other/node_modules/classic-level': { version: '2.0.0', hasInstallScript: true },
    'node_modules/zod': { version: '4.1.0' },
  },
};

describe('scriptedPackages', () => {
  it('lists dependencies with install scripts, nested ones by their own name, without workspaces', () => {
    // Act
    const packages = scriptedPackages(lock);

    // Assess
    expect(packages).toEqual([
      { name: 'node', version: '24.21.0' },
      { name: '@parcel/watcher', version: '2.6.0' },
      { name: 'classic-level', version: '3.0.0' },
      { name: 'classic-level', version: '2.0.0' },
    ]);
  });
});

describe('checkInstallScripts', () => {
  it('finds nothing when every such package is approved or denied, by name or name@version', () => {
    // Prepare
    const allowScripts = {
      'node@24.21.0': true,
      '@parcel/watcher@2.6.0': false,
      'classic-level': true,
    };

    // Act
    const problems = checkInstallScripts(lock, allowScripts);

    // Assess
    expect(problems).toEqual({ unreviewed: [], stale: [], unreadable: [] });
    expect(formatInstallScriptProblems(problems)).toBe('');
  });

  it('names a package no entry covers, and a pinned entry the lockfile has moved past', () => {
    // Prepare
    const allowScripts = { 'node@22.0.0': true, 'classic-level@3.0.0': true, 'left-pad': true };

    // Act
    const problems = checkInstallScripts(lock, allowScripts);

    // Assess
    expect(problems.unreviewed).toEqual([
      { name: 'node', version: '24.21.0' },
      { name: '@parcel/watcher', version: '2.6.0' },
      { name: 'classic-level', version: '2.0.0' },
    ]);
    expect(problems.stale).toEqual(['node@22.0.0', 'left-pad']);
    const message = formatInstallScriptProblems(problems);
    expect(message).toContain(
      '@parcel/watcher@2.6.0 has install scripts that allowScripts does not name',
    );
    expect(message).toContain('npm install-scripts approve @parcel/watcher');
    expect(message).toContain('allowScripts names "left-pad"');
  });

  it('reads a list of versions, and reports a range it cannot compare instead of guessing', () => {
    // Prepare
    const allowScripts = {
      'node@22.0.0 || 24.21.0': true,
      '@parcel/watcher@^2': true,
      'classic-level@2.0.0||3.0.0': true,
    };

    // Act
    const problems = checkInstallScripts(lock, allowScripts);

    // Assess
    expect(problems).toEqual({
      unreviewed: [{ name: '@parcel/watcher', version: '2.6.0' }],
      stale: [],
      unreadable: ['@parcel/watcher@^2'],
    });
    expect(formatInstallScriptProblems(problems)).toContain(
      'allowScripts key "@parcel/watcher@^2" has a version part this check cannot compare',
    );
  });

  it('lists a package installed twice at one version once', () => {
    // Prepare
    const twice: LockfileView = {
      packages: {
        'node_modules/a/node_modules/esbuild': { version: '0.28.2', hasInstallScript: true },
        'node_modules/b/node_modules/esbuild': { version: '0.28.2', hasInstallScript: true },
      },
    };

    // Act
    const problems = checkInstallScripts(twice, {});

    // Assess
    expect(problems.unreviewed).toEqual([{ name: 'esbuild', version: '0.28.2' }]);
  });
});
