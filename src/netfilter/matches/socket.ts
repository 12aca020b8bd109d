// -m socket: the packet belongs to a local socket (ambient mode and TPROXY setups use it to
// recognise already-proxied traffic). Valid in PREROUTING and INPUT only.

import { ok } from '../errors';
import type { MatchExtension } from '../extension';
import { Hook } from '../types';

export interface SocketData {
	readonly transparent: boolean;
	readonly nowildcard: boolean;
	readonly restoreSkmark: boolean;
}

const FLAGS = [
	['transparent', 'transparent'],
	['nowildcard', 'nowildcard'],
	['restore-skmark', 'restoreSkmark'],
] as const;

export const socket: MatchExtension<SocketData> = {
	kind: 'match',
	name: 'socket',
	hooks: [Hook.Prerouting, Hook.Input],
	options: FLAGS.map(([name]) => ({ name, args: 0 })),
	init: () => ({ transparent: false, nowildcard: false, restoreSkmark: false }),
	parse: (data, option) => ok({ ...data, [FLAGS.find(([n]) => n === option)?.[1] ?? 'transparent']: true }),
	save: (d) => FLAGS.filter(([, k]) => d[k]).map(([n]) => `--${n}`).join(' '),
	list: (d) => ['socket', ...FLAGS.filter(([, k]) => d[k]).map(([n]) => `--${n}`)].join(' '),
};
