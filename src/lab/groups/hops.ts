// The lab's `hops`: a request's path through the mesh, hop by hop.

import { hopsCommand } from '../../commands/hops';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: hopsCommand, where: 'everywhere' }];
