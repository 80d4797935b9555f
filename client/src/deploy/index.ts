/**
 * Entry of dist/deploy.js: the ssh/deploy code, loaded with require only when a deploy command
 * runs or the Environments view becomes visible, so activation never pays for it.
 */
export { DeployUi, PLAN_SCHEME, type DeployHost } from './deployUi';
