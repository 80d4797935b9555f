/**
 * Entry of `dist/docker.js`: everything that talks to the Docker engine (dockerode and its
 * dependencies). The extension requires it only when the services view becomes visible or a
 * Docker command runs, so activation never loads it.
 */
export { openEngine, EngineError, childEnvFor, type Engine } from './engine';
export { StackState, portListens, type StackSnapshot } from './stackState';
export { LogFollower } from './logFollower';
export { runCompose, opLockHeld, detectComposeFlavor, NselfBusyError, ComposeError } from './composeRunner';
export { execShellArgv } from '../../core/stack/compose';
