// The engine the actions use: the one DOCKER_HOST names (else the local socket), with a bound on
// every request so that a stalled engine cannot hang a step.
import { DockerEngine } from './engine.ts';

const REQUEST_TIMEOUT_MS = 60_000;

export function connectDockerEngine(env: NodeJS.ProcessEnv): DockerEngine {
  return new DockerEngine({ env, requestTimeoutMs: REQUEST_TIMEOUT_MS });
}
