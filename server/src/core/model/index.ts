export * from './types';
export { deriveServiceModel, type ModelOptions } from './serviceModel';
export { expandTemplate, sanitizeDbName } from './context';
