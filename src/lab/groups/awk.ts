// `awk`, a text tool of every shell; a group of its own because it is big and many lines never use it.

import { awk } from '../../shell/commands/awk';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: () => awk, where: 'everywhere' }];
