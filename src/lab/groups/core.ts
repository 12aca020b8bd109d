// The world commands every lab has from the start: small, and used before anything else (`id`,
// `hostname`, entering a pod with nsenter) or by the lab itself (`reset`).

import { hostname } from '../../commands/hostname';
import { id } from '../../commands/id';
import { nsenterCommand } from '../../commands/nsenter';
import { whoami } from '../../commands/whoami';
import type { CommandSpec } from '../../shell/types';
import type { LabControl } from '../lab-control';
import type { WorldHandle } from '../world-handle';
import type { WorldCommand } from '../world-registry';

function resetCommand(_handle: WorldHandle, lab: LabControl): CommandSpec {
	return {
		name: 'reset',
		path: '/usr/local/bin/reset',
		help: { summary: { en: "restore the scenario's starting state (rules, connections, where you are)", zh: '恢复场景的初始状态（规则、连接和所在位置）' }, usage: 'reset' },
		run() {
			lab.requestReset();
			return { stdout: '', stderr: '', exitCode: 0 };
		},
	};
}

export const COMMANDS: readonly WorldCommand[] = [
	{ factory: id, where: 'program' },
	{ factory: whoami, where: 'program' },
	{ factory: hostname, where: 'program' },
	{ factory: nsenterCommand, where: 'program' },
	{ factory: resetCommand, where: 'everywhere' },
];
