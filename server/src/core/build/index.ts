/** Writing a build safely: the plan (what to create, replace or leave alone), the manifest, scaffolds. */
export * from './manifest';
export * from './plan';
export * from './scaffold';
