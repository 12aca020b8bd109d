// -j REJECT: drop and answer with an ICMP error or a TCP reset. Filter table only.

import { ok, param, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';
import { Hook, type Family } from '../types';

export interface RejectData {
	readonly with?: string;
}

/** Canonical names and their aliases, per family (libipt_REJECT / libip6t_REJECT). */
const TYPES: Readonly<Record<Family, readonly (readonly [string, ...string[]])[]>> = {
	ipv4: [
		['icmp-net-unreachable', 'net-unreach'],
		['icmp-host-unreachable', 'host-unreach'],
		['icmp-proto-unreachable', 'proto-unreach'],
		['icmp-port-unreachable', 'port-unreach'],
		['icmp-net-prohibited', 'net-prohib'],
		['icmp-host-prohibited', 'host-prohib'],
		['icmp-admin-prohibited', 'admin-prohib'],
		['tcp-reset', 'tcp-rst'],
	],
	ipv6: [
		['icmp6-no-route', 'no-route'],
		['icmp6-adm-prohibited', 'adm-prohibited'],
		['icmp6-addr-unreachable', 'addr-unreach'],
		['icmp6-port-unreachable', 'port-unreach'],
		['tcp-reset', 'tcp-rst'],
	],
};

const defaultType = (family: Family): string => (family === 'ipv4' ? 'icmp-port-unreachable' : 'icmp6-port-unreachable');

export const REJECT: TargetExtension<RejectData> = {
	kind: 'target',
	name: 'REJECT',
	table: 'filter',
	hooks: [Hook.Input, Hook.Forward, Hook.Output],
	options: [{ name: 'reject-with', args: 1 }],
	init: () => ({}),
	parse(_d, _o, args, _i, ctx): XtResult<RejectData> {
		const arg = args[0] ?? '';
		const found = TYPES[ctx.family].find((names) => names.includes(arg));
		return found ? ok({ with: found[0] }) : param(`unknown reject type "${arg}"`);
	},
	verdict: (d, ctx) => ({ kind: 'reject', with: d.with ?? defaultType(ctx.packet.family) }),
	save: (d, ctx) => `--reject-with ${d.with ?? defaultType(ctx.family)}`,
	list: (d, ctx) => `reject-with ${d.with ?? defaultType(ctx.family)}`,
};
