// procps' `ps`, where the image ships it.

import { ps } from '../../commands/ps';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: ps, where: 'program' }];
