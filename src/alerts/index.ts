export * from './priority.ts';
export * from './schema.ts';
export * from './events-file.ts';
