// lsof 4.95's command line, for what it lists about network sockets: -i [46][proto][@host][:ports]
// (repeatable), -s TCP:STATES, -a, -c, -p, -u, -n, -P, -l, -t, -w. lsof parses its options itself
// (not with getopt): `-nP`, `-iTCP:15020`, `-i :15020`, an optional argument taken from the next
// word unless that word starts with `-` or `+`. Errors are values in lsof's words, then its usage.

import type { Names } from '../../sockets-view/types';
import { LSOF_LONG_HELP, LSOF_USAGE } from './help';

/** One -i address: every part optional. */
export interface InetSpec {
	readonly text: string;
	readonly version?: 4 | 6;
	readonly proto?: 'tcp' | 'udp';
	readonly hosts?: readonly string[];
	readonly ports?: readonly { lo: number; hi: number }[];
}

interface Set<T> {
	readonly include: readonly T[];
	readonly exclude: readonly T[];
}

export interface LsofOptions {
	and: boolean;
	numericHosts: boolean;
	numericPorts: boolean;
	numericUids: boolean;
	terse: boolean;
	warnings: boolean;
	/** undefined: no -i; [] : -i alone (every Internet socket). */
	inet: InetSpec[] | undefined;
	tcpStates: Set<string> | undefined;
	commands: Set<string>;
	pids: Set<number>;
	uids: Set<number>;
	/** File names or -U: selections the lab cannot list (they are not sockets of the network). */
	other: string | undefined;
}

export type LsofArgs =
	| { readonly kind: 'run'; readonly options: LsofOptions }
	| { readonly kind: 'exit'; readonly stdout: string; readonly stderr: string; readonly exitCode: number }
	| { readonly kind: 'unsimulated'; readonly option: string };

const TAKES = new Set(['c', 'd', 'D', 'e', 'k', 'm', 'p', 'u', 'E']);
const OPTIONAL = new Set(['i', 's', 'g', 'o', 'r', 'S', 'T', 'x', 'F']);
const FLAGS = new Set(['a', 'b', 'h', '?', 'l', 'n', 'N', 'O', 'P', 'R', 't', 'U', 'v', 'V', 'X', 'w', 'Q', 'K', 'L', 'M', 'f']);
const TCP_STATES = ['CLOSED', 'IDLE', 'BOUND', 'LISTEN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RCDV', 'SYN_RECV', 'CLOSE_WAIT', 'FIN_WAIT1', 'CLOSING', 'LAST_ACK', 'FIN_WAIT_2', 'FIN_WAIT2', 'TIME_WAIT'];

const fail = (message: string): LsofArgs => ({ kind: 'exit', stdout: '', stderr: `lsof: ${message}\n${LSOF_USAGE}`, exitCode: 1 });

class SpecError extends Error {}

/** enter_network_address: `4`, `TCP`, `6UDP@[::1]:53`, `@10.244.1.6:9080`, `:15000-15090,mysql`. */
export function parseInetSpec(text: string, names: Names): InetSpec {
	let rest = text;
	let version: 4 | 6 | undefined;
	if (rest.startsWith('4') || rest.startsWith('6')) {
		version = rest.startsWith('4') ? 4 : 6;
		rest = rest.slice(1);
	}
	const protoText = /^[^@:]*/.exec(rest)?.[0] ?? '';
	rest = rest.slice(protoText.length);
	let proto: 'tcp' | 'udp' | undefined;
	if (protoText !== '') {
		const p = protoText.toLowerCase();
		if (p !== 'tcp' && p !== 'udp') throw new SpecError(`unknown protocol name (${protoText}) in: -i ${text}`);
		proto = p;
	}
	let hosts: string[] | undefined;
	if (rest.startsWith('@')) {
		const m = /^@(\[[^\]]*\]|[^:]*)/.exec(rest);
		const host = (m?.[1] ?? '').replace(/^\[(.*)\]$/, '$1');
		rest = rest.slice(m?.[0].length ?? 1);
		if (host === '') throw new SpecError(`unacceptable Internet address in: -i ${text}`);
		if (/^[\d.]+$/.test(host) || host.includes(':')) hosts = [host];
		else {
			hosts = [...names.addresses(host)];
			if (hosts.length === 0) throw new SpecError(`unknown host name (${host}) in: -i ${text}`);
		}
	}
	let ports: { lo: number; hi: number }[] | undefined;
	if (rest.startsWith(':')) {
		ports = [];
		const list = rest.slice(1);
		if (list === '') throw new SpecError(`unacceptable port specification in: -i ${text}`);
		for (const item of list.split(',')) {
			const range = /^(\d+)-(\d+)$/.exec(item);
			if (range !== null) {
				const lo = Number(range[1]);
				const hi = Number(range[2]);
				if (lo > hi) throw new SpecError(`unacceptable port specification in: -i ${text}`);
				ports.push({ lo, hi });
			} else if (/^\d+$/.test(item)) ports.push({ lo: Number(item), hi: Number(item) });
			else if (/^[A-Za-z][\w.-]*$/.test(item)) {
				const found = [proto ?? 'tcp', ...(proto === undefined ? ['udp' as const] : [])].map((p) => names.port(item, p)).filter((n): n is number => n !== undefined);
				if (found.length === 0) throw new SpecError(`unknown service ${item} in: -i ${text}`);
				for (const n of found) ports.push({ lo: n, hi: n });
			} else throw new SpecError(`unacceptable port specification in: -i ${text}`);
		}
	} else if (rest !== '') throw new SpecError(`unacceptable Internet address in: -i ${text}`);
	return { text, ...(version ? { version } : {}), ...(proto ? { proto } : {}), ...(hosts ? { hosts } : {}), ...(ports ? { ports } : {}) };
}

function list<T>(text: string, parse: (s: string) => T | undefined): { set: Set<T> } | { bad: string } {
	const include: T[] = [];
	const exclude: T[] = [];
	for (const item of text.split(',')) {
		const neg = item.startsWith('^');
		const v = parse(neg ? item.slice(1) : item);
		if (v === undefined) return { bad: item };
		(neg ? exclude : include).push(v);
	}
	return { set: { include, exclude } };
}

export function parseLsofArgs(args: readonly string[], names: Names, uidOf: (user: string) => number | undefined): LsofArgs {
	const o: LsofOptions = { and: false, numericHosts: false, numericPorts: false, numericUids: false, terse: false, warnings: true, inet: undefined, tcpStates: undefined, commands: { include: [], exclude: [] }, pids: { include: [], exclude: [] }, uids: { include: [], exclude: [] }, other: undefined };
	try {
		for (let i = 0; i < args.length; i++) {
			const a = args[i] as string;
			if (a === '--') {
				if (i + 1 < args.length) o.other = args[i + 1];
				break;
			}
			if (!(a.startsWith('-') || a.startsWith('+')) || a.length < 2) {
				o.other ??= a;
				continue;
			}
			const plus = a.startsWith('+');
			for (let j = 1; j < a.length; j++) {
				const c = a[j] as string;
				const glued = a.slice(j + 1);
				const next = args[i + 1];
				let value: string | undefined;
				if (TAKES.has(c) || OPTIONAL.has(c)) {
					if (glued !== '') value = glued;
					else if (next !== undefined && !next.startsWith('-') && !next.startsWith('+') && (c !== 's' || /^(tcp|udp):/i.test(next))) {
						value = next;
						i++;
					}
					j = a.length;
				} else if (!FLAGS.has(c)) return fail(`illegal option character: ${c}`);
				switch (c) {
					case 'h':
					case '?':
						return { kind: 'exit', stdout: '', stderr: LSOF_LONG_HELP, exitCode: 0 };
					case 'a': o.and = true; break;
					case 'n': o.numericHosts = true; break;
					case 'P': o.numericPorts = true; break;
					case 'l': o.numericUids = true; break;
					case 't': o.terse = true; break;
					case 'w': o.warnings = plus; break;
					case 'U': o.other ??= '-U'; break;
					case 'i':
						o.inet ??= [];
						if (value !== undefined) o.inet.push(parseInetSpec(value, names));
						break;
					case 's': {
						if (value === undefined) return { kind: 'unsimulated', option: '-s' };
						const m = /^(tcp|udp):(.*)$/i.exec(value);
						if (m === null || (m[1] ?? '').toLowerCase() === 'udp') return fail(`no UDP state names available: ${value}`);
						const states = list(m[2] ?? '', (s) => (TCP_STATES.includes(s.toUpperCase()) ? s.toUpperCase() : undefined));
						if ('bad' in states) return fail(`unknown TCP state name: ${states.bad}`);
						o.tcpStates = states.set;
						break;
					}
					case 'c': {
						if (value === undefined) return fail('missing -c option value');
						const cs = list(value, (s) => s);
						if ('set' in cs) o.commands = cs.set;
						break;
					}
					case 'p': {
						if (value === undefined) return fail('no process ID specified');
						const ps = list(value, (s) => (/^\d+$/.test(s) ? Number(s) : undefined));
						if ('bad' in ps) return fail(`illegal process ID: ${ps.bad}`);
						o.pids = ps.set;
						break;
					}
					case 'u': {
						if (value === undefined) return fail('no UIDs specified');
						const us = list(value, (s) => (/^\d+$/.test(s) ? Number(s) : uidOf(s)));
						if ('bad' in us) return fail(`can't get UID for ${us.bad}`);
						o.uids = us.set;
						break;
					}
					case 'v':
					case 'V':
					case 'b':
					case 'N':
					case 'O':
					case 'X':
					case 'Q':
					case 'R':
						break;
					default:
						return { kind: 'unsimulated', option: `${plus ? '+' : '-'}${c}` };
				}
			}
		}
	} catch (e) {
		if (e instanceof SpecError) return fail(e.message);
		throw e;
	}
	return { kind: 'run', options: o };
}
