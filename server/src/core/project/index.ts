export * from './types';
export * from './environments';
export * from './effective';
export * from './discover';
export * from './project';
export * from './serverJson';
export * from './snapshotHost';
