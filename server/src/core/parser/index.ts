export * from './ast';
export * from './lineIndex';
export * from './parse';
