export * from './escape.ts';
export * from './render.ts';
export * from './live-report.ts';
