import pkg from '../../../package.json';

/** The version of nself-env, from the extension manifest it ships with. */
export const version: string = pkg.version;
