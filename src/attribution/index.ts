export * from './process.ts';
export * from './steps.ts';
export * from './attribute.ts';
export * from './note.ts';
