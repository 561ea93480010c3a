import { SourceMap } from 'node:module';
import { describe, expect, it } from 'vitest';
import { attributeInitProfile, type CpuProfile, MODULE_WRAPPERS } from './profileInit.ts';

const bundleUrl = 'file:///pkg/handler.cjs';
const probeUrl = 'file:///repo/tools/bundle-bench/src/initProbe.ts';

// Line 0 of a minified bundle: esbuild's helpers up to column 100 (no mapping), zod from 100,
// the service's own code from 200. Segments: column 100 → source 0, column 200 → source 1.
const sourceMap = new SourceMap({
  version: 3,
  file: 'handler.cjs',
  sourceRoot: '',
  sources: ['../../node_modules/zod/v4/mini/index.js', '../../services/checkout/src/config.ts'],
  sourcesContent: [],
  names: [],
  mappings: 'oGAAA,oGCAA',
});

const frame = (id: number, url: string, columnNumber: number, children: number[] = []) => ({
  id,
  callFrame: { functionName: '', url, lineNumber: 0, columnNumber },
  children,
});

// The probe requires the bundle, whose top-level code calls a helper, zod and the service.
const profile: CpuProfile = {
  nodes: [
    frame(1, '', 0, [2]),
    frame(2, probeUrl, 0, [3]),
    frame(3, bundleUrl, 0, [4, 5, 6]),
    frame(4, bundleUrl, 50),
    frame(5, bundleUrl, 150),
    frame(6, bundleUrl, 250),
  ],
  samples: [4, 4, 4, 5, 6, 3],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('attributeInitProfile', () => {
  it('puts frames the map does not cover on the module wrappers, the rest on their package', () => {
    // Act
    const shares = attributeInitProfile(
      profile,
      new Set([bundleUrl]),
      probeUrl,
      sourceMap,
      'services/checkout',
    );

    // Assess
    expect(Object.fromEntries(shares)).toEqual({
      [MODULE_WRAPPERS]: 3,
      zod: 1,
      'services/checkout': 1,
      'top-level code of the bundle': 1,
    });
  });

  it('puts every frame below the top level on the fallback when the bundle has no map', () => {
    // Act
    const shares = attributeInitProfile(
      profile,
      new Set([bundleUrl]),
      probeUrl,
      undefined,
      'services/checkout',
    );

    // Assess
    expect(Object.fromEntries(shares)).toEqual({
      'services/checkout': 5,
      'top-level code of the bundle': 1,
    });
  });
});
