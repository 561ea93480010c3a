// Required by createTracer (tracer.ts) only when tracing is on: importing Powertools' Tracer
// loads the X-Ray SDK, which installs an async hook on every promise of the process.
export { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';
