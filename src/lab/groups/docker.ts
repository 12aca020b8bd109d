// `docker` on the learner's workstation (the node's shell).

import { docker } from '../../commands/docker';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: docker, where: 'node' }];
