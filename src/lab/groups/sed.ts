// `sed`, a text tool of every shell; a group of its own because it is big and many lines never use it.

import { sed } from '../../shell/commands/sed';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: () => sed, where: 'everywhere' }];
