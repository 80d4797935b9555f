/**
 * Every command the extension contributes, by id. `package.json` declares the same ids; a test
 * checks that each one is registered. Kept apart so the activation entry stays tiny.
 */
export const COMMANDS = {
  selectEnvironment: 'nself.selectEnvironment',
  previewCompose: 'nself.previewCompose',
  previewNginx: 'nself.previewNginx',
  previewKubernetes: 'nself.previewKubernetes',
  previewStack: 'nself.previewStack',
  revealSecretsInPreview: 'nself.revealSecretsInPreview',
  hideSecretsInPreview: 'nself.hideSecretsInPreview',
  compareWithDisk: 'nself.compareWithDisk',
  build: 'nself.build',
  restartServer: 'nself.restartServer',
  showOutput: 'nself.showOutput',
  // The Services view (client/src/stack/).
  refreshServices: 'nself.refreshServices',
  showOnlyProblems: 'nself.showOnlyProblems',
  showAllServices: 'nself.showAllServices',
  startStack: 'nself.startStack',
  stopStack: 'nself.stopStack',
  showStackLogs: 'nself.showStackLogs',
  startService: 'nself.startService',
  stopService: 'nself.stopService',
  restartService: 'nself.restartService',
  recreateService: 'nself.recreateService',
  showServiceLogs: 'nself.showServiceLogs',
  openServiceInBrowser: 'nself.openServiceInBrowser',
  openServiceShell: 'nself.openServiceShell',
  goToServiceDefinition: 'nself.goToServiceDefinition',
  openServiceFolder: 'nself.openServiceFolder',
  // Deploy (client/src/deploy, loaded lazily as dist/deploy.js)
  deploy: 'nself.deploy',
  deployStaging: 'nself.deployStaging',
  deployProduction: 'nself.deployProduction',
  planDeploy: 'nself.planDeploy',
  rollbackDeploy: 'nself.rollbackDeploy',
  deployStatus: 'nself.deployStatus',
  deployLogs: 'nself.deployLogs',
  openDeployConfig: 'nself.openDeployConfig',
  refreshEnvironments: 'nself.refreshEnvironments',
} as const;
