// `kubectl` on the learner's workstation (the node's shell).

import { kubectl } from '../../commands/kubectl';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: kubectl, where: 'node' }];
