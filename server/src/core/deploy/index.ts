export * from './targets';
export * from './diff';
export * from './plan';
export * from './gate';
export * from './history';
export * from './driver';
export * from './pipeline';
export * from './report';
