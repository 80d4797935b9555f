export * from './types';
export * from './registry';
export * from './validate';
export * from './edits';
