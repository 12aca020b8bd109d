// curl and nc, whose packets go through the lab's tap to the capture feeds where they pass.

import { curlCommandWith } from '../../commands/curl';
import { ncCommandWith } from '../../commands/nc';
import type { CommandSpec } from '../../shell/types';
import type { WorldHandle } from '../world-handle';
import type { WorldCommand } from '../world-registry';

const curlForWorld = (handle: WorldHandle): CommandSpec => curlCommandWith(handle, handle.traffic !== undefined ? { tap: handle.traffic.tap } : {});
const ncForWorld = (handle: WorldHandle): CommandSpec => ncCommandWith(handle, handle.traffic !== undefined ? { tap: handle.traffic.tap } : {});

export const COMMANDS: readonly WorldCommand[] = [
	{ factory: curlForWorld, where: 'program' },
	{ factory: ncForWorld, where: 'program' },
];
