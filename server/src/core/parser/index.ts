export * from './ast';
export * from './lineIndex';
export * from './parse';
export * from './keyIndex';
