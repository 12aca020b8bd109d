// `crictl` on the node: the container runtime's view of the pods.

import { crictl } from '../../commands/crictl';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [{ factory: crictl, where: 'program' }];
