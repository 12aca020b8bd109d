// `jq`, a text tool of every shell; a group of its own because it is big and many lines never use it.

import { jq } from '../../shell/commands/jq';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: () => jq, where: 'everywhere' }];
