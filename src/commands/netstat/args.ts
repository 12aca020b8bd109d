// netstat's command line (net-tools 2.10 netstat.c main()): which tables (-t -u -w -x), which
// families (-4 -6 -A --inet ...), which sockets (-a, -l, default connected), how (-n, -e, -p, -o,
// -W). Errors are values with netstat's words; usage() exits 3 (E_OPTERR), -h exits 0.

import { getoptLong, type LongOption } from '../../sockets-view/getopt';
import { NETSTAT_AF_LIST, NETSTAT_USAGE, NETSTAT_VERSION } from './help';

export interface NetstatOptions {
	all: boolean;
	listening: boolean;
	numericHosts: boolean;
	numericPorts: boolean;
	numericUsers: boolean;
	/** -e: the User and Inode columns. */
	extend: boolean;
	programs: boolean;
	timers: boolean;
	wide: boolean;
	tcp: boolean;
	udp: boolean;
	raw: boolean;
	unix: boolean;
	inet: boolean;
	inet6: boolean;
	/** No protocol was named: every table of every family. */
	noArg: boolean;
}

export type NetstatArgs =
	| { readonly kind: 'run'; readonly options: NetstatOptions }
	| { readonly kind: 'exit'; readonly stdout: string; readonly stderr: string; readonly exitCode: number }
	| { readonly kind: 'unsimulated'; readonly option: string };

const AF_NAMES = ['inet', 'inet6', 'unix', 'ax25', 'ipx', 'netrom', 'x25', 'rose', 'ash', 'bluetooth', 'econet', 'ddp', 'appletalk'];

const SIMPLE: readonly (readonly [string, string, 1?])[] = [
	['version', 'V'], ['interfaces', 'i'], ['help', 'h'], ['route', 'r'], ['masquerade', 'M'], ['protocol', 'A', 1], ['tcp', 't'],
	['sctp', 'S'], ['udp', 'u'], ['udplite', 'U'], ['raw', 'w'], ['unix', 'x'], ['l2cap', '2'], ['rfcomm', 'f'], ['listening', 'l'],
	['all', 'a'], ['timers', 'o'], ['continuous', 'c'], ['extend', 'e'], ['programs', 'p'], ['verbose', 'v'], ['statistics', 's'],
	['wide', 'W'], ['numeric', 'n'], ['numeric-hosts', '!'], ['numeric-ports', '@'], ['numeric-users', '#'], ['symbolic', 'N'],
	['cache', 'C'], ['fib', 'F'], ['groups', 'g'], ['context', 'Z'],
];

const LONG: readonly LongOption[] = [
	...AF_NAMES.map((name): LongOption => ({ name, arg: 0, key: `af:${name}` })),
	...SIMPLE.map(([name, key, arg]): LongOption => ({ name, key, arg: arg ?? 0 })),
];

const OPTSTRING = 'A:CFMacdeghilnNoprsStuUvVWw2fx64?Z';
/** Options whose output the lab does not simulate (they are other netstat modes). */
const UNSIMULATED: Readonly<Record<string, string>> = { r: '-r', i: '-i', s: '-s', g: '-g', M: '-M', c: '-c', C: '-C', F: '-F', '2': '--l2cap', f: '--rfcomm' };

const usage = (prefix: string): NetstatArgs => ({ kind: 'exit', stdout: '', stderr: prefix + NETSTAT_USAGE + NETSTAT_AF_LIST, exitCode: 3 });

export function parseNetstatArgs(args: readonly string[]): NetstatArgs {
	const g = getoptLong('netstat', args, OPTSTRING, LONG);
	if (!g.ok) return usage(g.message);
	const o: NetstatOptions = { all: false, listening: false, numericHosts: false, numericPorts: false, numericUsers: false, extend: false, programs: false, timers: false, wide: false, tcp: false, udp: false, raw: false, unix: false, inet: false, inet6: false, noArg: false };
	const af = (name: string): string | undefined => {
		for (const n of name.split(',')) {
			if (n === 'inet') o.inet = true;
			else if (n === 'inet6') o.inet6 = true;
			else if (n === 'unix') o.unix = true;
			else if (AF_NAMES.includes(n)) return `netstat: no support for \`AF ${n.toUpperCase()}' on this system.\n`;
			else return `Address family \`${n}' not supported.\n`;
		}
		return undefined;
	};
	let udplite = false;
	for (const { key, value = '' } of g.options) {
		const unsimulated = UNSIMULATED[key];
		if (unsimulated !== undefined) return { kind: 'unsimulated', option: unsimulated };
		let err: string | undefined;
		switch (key) {
			case 'V':
				return { kind: 'exit', stdout: NETSTAT_VERSION, stderr: '', exitCode: 0 };
			case 'h':
			case '?':
				return { kind: 'exit', stdout: NETSTAT_USAGE, stderr: NETSTAT_AF_LIST, exitCode: 0 };
			case 'Z':
				return { kind: 'exit', stdout: '', stderr: 'netstat: SELinux is not enabled on this machine.\n', exitCode: 1 };
			case 'A': err = af(value); break;
			case '4': err = af('inet'); break;
			case '6': err = af('inet6'); break;
			case 'x': err = af('unix'); break;
			case 't': o.tcp = true; break;
			case 'u': o.udp = true; break;
			case 'U': udplite = true; break;
			case 'w': o.raw = true; break;
			case 'S': break;
			case 'a': o.all = true; break;
			case 'l': o.listening = true; break;
			case 'n': o.numericHosts = o.numericPorts = o.numericUsers = true; break;
			case '!': o.numericHosts = true; break;
			case '@': o.numericPorts = true; break;
			case '#': o.numericUsers = true; break;
			case 'e': o.extend = true; break;
			case 'p': o.programs = true; break;
			case 'o': o.timers = true; break;
			case 'W': o.wide = true; break;
			default:
				if (key.startsWith('af:')) err = af(key.slice(3));
		}
		if (err !== undefined) return { kind: 'exit', stdout: '', stderr: err, exitCode: 1 };
	}
	if (g.operands.length > 0) return usage('');
	// A family without a protocol means every protocol of it; a protocol without a family, both.
	if ((o.inet || o.inet6) && !(o.tcp || o.udp || o.raw || udplite)) o.tcp = o.udp = o.raw = udplite = true;
	if ((o.tcp || o.udp || o.raw || udplite) && !(o.inet || o.inet6)) o.inet = o.inet6 = true;
	o.noArg = !(o.tcp || o.udp || o.raw || udplite || o.unix);
	if (o.noArg) o.inet = o.inet6 = o.tcp = o.udp = o.raw = true;
	return { kind: 'run', options: o };
}
