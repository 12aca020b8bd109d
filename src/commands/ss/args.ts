// ss's command line (iproute2 6.1 main()): options, then `state`/`exclude` words, then the
// filter expression. Errors are values with ss's own words and exit codes (usage() exits 255).

import { getoptLong, type LongOption } from '../../sockets-view/getopt';
import { SS_USAGE } from './help';
import { afSet, AF, DB, DB_NAMES, dbSet, mergeDefaults, scanState, SS, SS_ALL, SS_CONN, type Selection } from './model';

export interface SsOptions {
	numeric: boolean;
	resolve: boolean;
	/** -o (and -e): timers. */
	timers: boolean;
	/** -e: ino, sk, uid, cgroup, shutdown. */
	details: boolean;
	processes: boolean;
	summary: boolean;
	header: boolean;
	sel: Selection;
	/** The filter expression's words (after `state` ...). */
	filter: readonly string[];
	/** Set when ss would have printed only the summary. */
	summaryOnly: boolean;
}

export type SsArgs =
	| { readonly kind: 'run'; readonly options: SsOptions }
	| { readonly kind: 'exit'; readonly stdout: string; readonly stderr: string; readonly exitCode: number }
	/** An option the lab does not simulate (-i, -m, -E, -K ...). */
	| { readonly kind: 'unsimulated'; readonly option: string };

const LONG: readonly LongOption[] = [
	['numeric', 'n'], ['resolve', 'r'], ['options', 'o'], ['extended', 'e'], ['memory', 'm'], ['info', 'i'], ['processes', 'p'],
	['threads', 'T'], ['bpf', 'b'], ['events', 'E'], ['dccp', 'd'], ['tcp', 't'], ['sctp', 'S'], ['udp', 'u'], ['raw', 'w'],
	['unix', 'x'], ['tipc', 'tipc'], ['vsock', 'vsock'], ['all', 'a'], ['listening', 'l'], ['ipv4', '4'], ['ipv6', '6'],
	['packet', '0'], ['family', 'f', 1], ['socket', 'A', 1], ['query', 'A', 1], ['summary', 's'], ['diag', 'D', 1],
	['filter', 'F', 1], ['version', 'V'], ['help', 'h'], ['context', 'Z'], ['contexts', 'z'], ['net', 'N', 1],
	['tipcinfo', 'tipcinfo'], ['tos', 'tos'], ['cgroup', 'cgroup'], ['kill', 'K'], ['no-header', 'H'], ['xdp', 'xdp'],
	['mptcp', 'M'], ['oneline', 'O'], ['inet-sockopt', 'inet-sockopt'],
].map(([name, key, arg]) => ({ name: name as string, key: key as string, arg: (arg ?? 0) as 0 | 1 }));

const OPTSTRING = 'dhaletuwxnro460spbEf:mMiA:D:F:vVzZN:KHSOT';
const FAMILIES: Readonly<Record<string, number>> = { inet: AF.INET, inet6: AF.INET6, link: AF.PACKET, unix: AF.UNIX, netlink: AF.NETLINK, tipc: AF.TIPC, vsock: AF.VSOCK, xdp: AF.XDP };
const UNSIMULATED = new Set(['m', 'i', 'T', 'b', 'E', 'K', 'D', 'F', 'tipcinfo', 'tos', 'cgroup', 'inet-sockopt']);

const usage = (prefix: string): SsArgs => ({ kind: 'exit', stdout: '', stderr: prefix + SS_USAGE, exitCode: 255 });

export function parseSsArgs(args: readonly string[]): SsArgs {
	const g = getoptLong('ss', args, OPTSTRING, LONG);
	if (!g.ok) return usage(g.message);
	const sel: Selection = { dbs: 0, states: 0, families: 0n, preferredFamily: undefined };
	const o: SsOptions = { numeric: false, resolve: false, timers: false, details: false, processes: false, summary: false, header: true, sel, filter: [], summaryOnly: false };
	let doDefault = true;
	let stateFilter = 0;
	let sawQuery = false;
	for (const { key, value = '' } of g.options) {
		if (UNSIMULATED.has(key)) return { kind: 'unsimulated', option: key.length === 1 ? `-${key}` : `--${key}` };
		switch (key) {
			case 'n': o.numeric = true; break;
			case 'r': o.resolve = true; break;
			case 'o': o.timers = true; break;
			case 'e': o.timers = true; o.details = true; break;
			case 'p': o.processes = true; break;
			case 's': o.summary = true; break;
			case 'H': o.header = false; break;
			case 'O': break;
			case 'a': stateFilter = SS_ALL; break;
			case 'l': stateFilter = (1 << SS.LISTEN) | (1 << SS.CLOSE); break;
			case 'd': dbSet(sel, DB.DCCP, true); doDefault = false; break;
			case 't': dbSet(sel, DB.TCP, true); doDefault = false; break;
			case 'S': dbSet(sel, DB.SCTP, true); doDefault = false; break;
			case 'u': dbSet(sel, DB.UDP, true); doDefault = false; break;
			case 'w': dbSet(sel, DB.RAW, true); doDefault = false; break;
			case 'M': dbSet(sel, DB.MPTCP, true); doDefault = false; break;
			case 'x': afSet(sel, AF.UNIX); doDefault = false; break;
			case 'vsock': afSet(sel, AF.VSOCK); doDefault = false; break;
			case 'tipc': afSet(sel, AF.TIPC); doDefault = false; break;
			case 'xdp': afSet(sel, AF.XDP); doDefault = false; break;
			case '4': afSet(sel, AF.INET); doDefault = false; break;
			case '6': afSet(sel, AF.INET6); doDefault = false; break;
			case '0': afSet(sel, AF.PACKET); doDefault = false; break;
			case 'f': {
				if (value === 'help') return { kind: 'exit', stdout: SS_USAGE, stderr: '', exitCode: 0 };
				const af = (Object.hasOwn(FAMILIES, value) ? FAMILIES[value] : undefined);
				if (af === undefined) return usage(`ss: "${value}" is invalid family\n`);
				afSet(sel, af);
				doDefault = false;
				break;
			}
			case 'A': {
				if (!sawQuery) {
					sel.dbs = 0;
					stateFilter = stateFilter || SS_CONN;
					sawQuery = true;
					doDefault = false;
				}
				for (const raw of value.split(',')) {
					const enable = !raw.startsWith('!');
					const dbs = (Object.hasOwn(DB_NAMES, enable ? raw : raw.slice(1)) ? DB_NAMES[enable ? raw : raw.slice(1)] : undefined);
					if (dbs === undefined) return usage(`ss: "${raw}" is illegal socket table id\n`);
					for (const db of dbs) dbSet(sel, db, enable);
				}
				break;
			}
			case 'v':
			case 'V':
				return { kind: 'exit', stdout: 'ss utility, iproute2-6.1.0\n', stderr: '', exitCode: 0 };
			case 'z':
			case 'Z':
				return { kind: 'exit', stdout: '', stderr: 'ss: SELinux is not enabled.\n', exitCode: 1 };
			case 'N':
				return { kind: 'exit', stdout: '', stderr: `Cannot open network namespace "${value}": No such file or directory\n`, exitCode: 1 };
			case 'h':
				return { kind: 'exit', stdout: SS_USAGE, stderr: '', exitCode: 0 };
		}
	}
	const rest = [...g.operands];
	if (o.summary && doDefault && rest.length === 0) o.summaryOnly = true;
	let sawStates = false;
	while (rest.length > 0 && (rest[0] === 'state' || rest[0] === 'exclude' || rest[0] === 'excl')) {
		const word = rest.shift() as string;
		const name = rest.shift();
		if (name === undefined) return { kind: 'exit', stdout: '', stderr: 'Command line is not complete. Try option "help"\n', exitCode: 255 };
		const bitsOf = scanState(name);
		if (bitsOf === undefined) return { kind: 'exit', stdout: '', stderr: `ss: wrong state name: ${name}\n`, exitCode: 255 };
		if (word === 'state') {
			if (!sawStates) stateFilter = 0;
			stateFilter |= bitsOf;
		} else {
			if (!sawStates) stateFilter = SS_ALL;
			stateFilter &= ~bitsOf;
		}
		sawStates = true;
	}
	if (doDefault) {
		stateFilter = stateFilter || SS_CONN;
		for (const db of DB_NAMES.all ?? []) dbSet(sel, db, true);
	}
	if (stateFilter) sel.states = stateFilter;
	mergeDefaults(sel);
	o.filter = rest;
	if (sel.dbs === 0) return { kind: 'exit', stdout: '', stderr: 'ss: no socket tables to show with such filter.\n', exitCode: 0 };
	if (sel.families === 0n) return { kind: 'exit', stdout: '', stderr: 'ss: no families to show with such filter.\n', exitCode: 0 };
	if (sel.states === 0) return { kind: 'exit', stdout: '', stderr: 'ss: no socket states to show with such filter.\n', exitCode: 0 };
	return { kind: 'run', options: o };
}
