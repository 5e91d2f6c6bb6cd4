export * from './process.ts';
export * from './steps.ts';
export * from './attribute.ts';
export * from './note.ts';
export * from './assign.ts';
export * from './self.ts';
