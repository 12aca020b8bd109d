// The socket listers: ss, netstat and lsof (src/sockets-view shows them one world).

import { lsofCommand } from '../../commands/lsof';
import { netstatCommand } from '../../commands/netstat';
import { ssCommand } from '../../commands/ss';
import type { WorldCommand } from '../world-registry';

export const COMMANDS: readonly WorldCommand[] = [
	{ factory: (handle) => ssCommand(handle), where: 'program' },
	{ factory: (handle) => netstatCommand(handle), where: 'program' },
	{ factory: (handle) => lsofCommand(handle), where: 'program' },
];
