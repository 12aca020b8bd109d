// iproute2's way of reading its command line (ip.c, utils.c): global options and objects are
// matched by prefix in the order of iproute2's own tables (`ip a` is address, `ip r` route,
// `ip ru` rule, `-br` brief but `-b` batch), and each object has its own commands matched the
// same way (`ip route sh`, `ip r g`). Errors are worded as iproute2 words them.

import type { Globals } from './types';

/** iproute2's matches(): a non-empty prefix of the keyword. */
export function matches(word: string, keyword: string): boolean {
	return word.length > 0 && keyword.startsWith(word);
}

/** The objects of `ip`, in the order ip.c tries them. */
const OBJECTS = ['address', 'addrlabel', 'amt', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'] as const;

export type IpObject = (typeof OBJECTS)[number];

export function findObject(word: string): IpObject | undefined {
	return OBJECTS.find((o) => matches(word, o));
}

export type GlobalsParse =
	| { readonly ok: true; readonly globals: Globals; readonly rest: readonly string[]; readonly version: boolean; readonly help: boolean }
	| { readonly ok: false; readonly stderr: string; readonly exitCode: number; readonly unsupported?: string };

/** Options with an argument that the simulator does not model, by their full name. */
const UNSUPPORTED = ['-statistics', '-details', '-json', '-pretty', '-netns', '-batch', '-timestamp', '-tshort', '-loops', '-rcvbuf', '-all'];

/** The leading `-x` options, up to the object. */
export function parseGlobals(argv: readonly string[]): GlobalsParse {
	let family: Globals['family'];
	let brief = false;
	let oneline = false;
	let version = false;
	let help = false;
	let i = 0;
	for (; i < argv.length; i++) {
		const raw = argv[i] ?? '';
		if (raw === '--') {
			i++;
			break;
		}
		if (!raw.startsWith('-')) break;
		// `--brief` is `-brief`: iproute2 drops one of two leading dashes.
		const o = raw.startsWith('--') ? raw.slice(1) : raw;
		if (o === '-4') family = 'ipv4';
		else if (o === '-6') family = 'ipv6';
		else if (o === '-0') family = undefined;
		else if (matches(o, '-family')) {
			const f = argv[++i];
			if (f === 'inet') family = 'ipv4';
			else if (f === 'inet6') family = 'ipv6';
			else if (f === undefined) return { ok: false, stderr: 'Command line is not complete. Try option "help"\n', exitCode: 255 };
			else return { ok: false, stderr: `Error: argument "${f}" is wrong: invalid protocol family\n`, exitCode: 255 };
		} else if (matches(o, '-Version')) version = true;
		else if (matches(o, '-help')) help = true;
		else if (matches(o, '-brief') && o.length >= 3) brief = true;
		else if (matches(o, '-oneline')) oneline = true;
		else if (matches(o, '-color') || matches(o, '-Numeric') || matches(o, '-resolve') || matches(o, '-human-readable') || matches(o, '-iec') || o === '-force') continue;
		else {
			const u = UNSUPPORTED.find((name) => matches(o, name) && (name !== '-batch' || o.length >= 2));
			if (u !== undefined) return { ok: false, stderr: '', exitCode: 1, unsupported: u.slice(1) };
			return { ok: false, stderr: `Option "${raw}" is unknown, try "ip -help".\n`, exitCode: 255 };
		}
	}
	return { ok: true, globals: { family, brief, oneline }, rest: argv.slice(i), version, help };
}

/** iproute2's get_u32 as the selectors use it: decimal, 0x hex, or 0 octal, within 32 bits. */
export function parseU32(text: string): number | undefined {
	let n: number;
	if (/^0[xX][0-9a-fA-F]+$/.test(text)) n = parseInt(text.slice(2), 16);
	else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8);
	else if (/^[1-9]\d*$/.test(text)) n = Number(text);
	else return undefined;
	return n <= 0xffffffff ? n : undefined;
}

/** Routing table names (rtnl_rttable_a2n): local, main, default, all/unspec (0), or a number. */
export function parseTable(text: string): number | undefined {
	const named: Readonly<Record<string, number>> = { local: 255, main: 254, default: 253, all: 0, unspec: 0 };
	if (text in named) return named[text];
	return parseU32(text);
}

export function tableName(id: number): string {
	return id === 255 ? 'local' : id === 254 ? 'main' : id === 253 ? 'default' : String(id);
}

export const INCOMPLETE = 'Command line is not complete. Try option "help"\n';

export const wrong = (arg: string, why: string): string => `Error: argument "${arg}" is wrong: ${why}\n`;
