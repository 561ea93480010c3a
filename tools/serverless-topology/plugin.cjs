'use strict';
// osls require()s plugins. Node 24 can require() this package's ES modules and strips their
// TypeScript types, as the files resolve outside node_modules (through the workspace symlink).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- osls require()s plugins
module.exports = require('./src/ServerlessTopologyPlugin.ts').ServerlessTopologyPlugin;
