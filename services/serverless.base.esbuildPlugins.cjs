// esbuild plugins of every service's bundles (custom.esbuild.plugins in serverless.base.yml).
'use strict';

// Powertools' idempotency and JMESPath packages declare no "sideEffects", and esbuild keeps a
// module it cannot prove free of them: their class decorators and static blocks. So every bundle
// that imports the toolkit carried both (23 kB minified), used or not. Neither package changes
// anything when imported, so tell esbuild they are free of side effects: a function that never
// calls eventIdempotency or the Idempotency-Key guard drops them.
const sideEffectFree = /^@aws-lambda-powertools\/(idempotency|jmespath)(\/|$)/;

/** @type {import('esbuild').Plugin} */
const powertoolsWithoutSideEffects = {
  name: 'powertools-without-side-effects',
  setup(build) {
    build.onResolve({ filter: sideEffectFree }, async (args) => {
      if (args.pluginData === powertoolsWithoutSideEffects) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: powertoolsWithoutSideEffects,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: false };
    });
  },
};

module.exports = [powertoolsWithoutSideEffects];
