/**
 * The nself language server. `createConnection` picks the transport from argv (`--stdio`,
 * `--node-ipc`, `--socket=<port>`); everything else lives in the language service.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LanguageService } from './languageService';

new LanguageService(createConnection(ProposedFeatures.all)).listen();
