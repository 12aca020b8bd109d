// netcat-openbsd's command line (1.219, Debian): getopt options, then a host and one or more
// ports (numbers, service names, or `lo-hi` ranges). Messages recorded from `nc` itself.

import { getoptLong } from '../../sockets-view/getopt';
import type { Names } from '../../sockets-view/types';

export const NC_USAGE = [
	'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]',
	'\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]',
	'\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]',
	'\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]',
	'\t  [destination] [port]',
	'',
].join('\n');

const SUMMARY = [
	'\tCommand Summary:',
	'\t\t-4\t\tUse IPv4',
	'\t\t-6\t\tUse IPv6',
	'\t\t-b\t\tAllow broadcast',
	'\t\t-C\t\tSend CRLF as line-ending',
	'\t\t-D\t\tEnable the debug socket option',
	'\t\t-d\t\tDetach from stdin',
	'\t\t-F\t\tPass socket fd',
	'\t\t-h\t\tThis help text',
	'\t\t-I length\tTCP receive buffer length',
	'\t\t-i interval\tDelay interval for lines sent, ports scanned',
	'\t\t-k\t\tKeep inbound sockets open for multiple connects',
	'\t\t-l\t\tListen mode, for inbound connects',
	'\t\t-M ttl\t\tOutgoing TTL / Hop Limit',
	'\t\t-m minttl\tMinimum incoming TTL / Hop Limit',
	'\t\t-N\t\tShutdown the network socket after EOF on stdin',
	'\t\t-n\t\tSuppress name/port resolutions',
	'\t\t-O length\tTCP send buffer length',
	'\t\t-P proxyuser\tUsername for proxy authentication',
	'\t\t-p port\t\tSpecify local port for remote connects',
	'\t\t-q secs\t\tquit after EOF on stdin and delay of secs',
	'\t\t-r\t\tRandomize remote ports',
	'\t\t-S\t\tEnable the TCP MD5 signature option',
	'\t\t-s sourceaddr\tLocal source address',
	'\t\t-T keyword\tTOS value',
	'\t\t-t\t\tAnswer TELNET negotiation',
	'\t\t-U\t\tUse UNIX domain socket',
	'\t\t-u\t\tUDP mode',
	'\t\t-V rtable\tSpecify alternate routing table',
	'\t\t-v\t\tVerbose',
	'\t\t-W recvlimit\tTerminate after receiving a number of packets',
	'\t\t-w timeout\tTimeout for connects and final net reads',
	'\t\t-X proto\tProxy protocol: "4", "5" (SOCKS) or "connect"',
	'\t\t-x addr[:port]\tSpecify proxy address and port',
	'\t\t-Z\t\tDCCP mode',
	'\t\t-z\t\tZero-I/O mode [used for scanning]',
	'\tPort numbers can be individual or ranges: lo-hi [inclusive]',
	'',
].join('\n');

/** `nc -h` (on stderr, exit 0). */
export const NC_HELP_TEXT = `OpenBSD netcat (Debian patchlevel 1.219-1)\n${NC_USAGE}${SUMMARY}`;

export interface NcOptions {
	readonly zero: boolean;
	readonly verbose: boolean;
	readonly numeric: boolean;
	readonly family: 4 | 6 | undefined;
	/** -w, in milliseconds. */
	readonly timeoutMs: number | undefined;
	readonly host: string;
	readonly ports: readonly number[];
}

export type NcParse =
	| { readonly kind: 'run'; readonly options: NcOptions }
	| { readonly kind: 'exit'; readonly stderr: string; readonly exitCode: number }
	| { readonly kind: 'unsimulated'; readonly option: string };

const SPEC = '46CDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zzb';
/** Options whose effect the -z scan does not need. */
const HARMLESS = new Set(['D', 'd', 'N', 'r', 'S', 't', 'C', 'I', 'O', 'i', 'q', 'T', 'M', 'm', 'W', 'b']);

const die = (msg: string): NcParse => ({ kind: 'exit', stderr: `nc: ${msg}\n`, exitCode: 1 });

/** One port argument: a number, a service name, or `lo-hi`. */
function ports(arg: string, names: Names, numeric: boolean): number[] | string {
	const one = (p: string): number | string => {
		if (/^\d+$/.test(p)) {
			const n = Number(p);
			if (n < 1) return `port number too small: ${p}`;
			if (n > 65535) return `port number too large: ${p}`;
			return n;
		}
		const byName = numeric ? undefined : names.port(p, 'tcp');
		return byName ?? `port number invalid: ${p}`;
	};
	const dash = arg.indexOf('-', 1);
	if (dash < 0) {
		const p = one(arg);
		return typeof p === 'string' ? p : [p];
	}
	const lo = one(arg.slice(0, dash));
	if (typeof lo === 'string') return lo;
	const hi = one(arg.slice(dash + 1));
	if (typeof hi === 'string') return hi;
	const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
	return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export function parseNcArgs(args: readonly string[], names: Names): NcParse {
	const g = getoptLong('nc', args, SPEC, []);
	if (!g.ok) return { kind: 'exit', stderr: `${g.message}${NC_USAGE}`, exitCode: 1 };
	let zero = false;
	let verbose = false;
	let numeric = false;
	let family: 4 | 6 | undefined;
	let timeoutMs: number | undefined;
	for (const { key: opt, value: arg } of g.options) {
		if (opt === 'h') return { kind: 'exit', stderr: NC_HELP_TEXT, exitCode: 0 };
		if (opt === 'z') zero = true;
		else if (opt === 'v') verbose = true;
		else if (opt === 'n') numeric = true;
		else if (opt === '4') family = 4;
		else if (opt === '6') family = 6;
		else if (opt === 'w') {
			if (!/^\d+$/.test(arg ?? '') || Number(arg) > 2147483647) return die(`timeout invalid: ${arg ?? ''}`);
			timeoutMs = Number(arg) * 1000;
		} else if (!HARMLESS.has(opt)) return { kind: 'unsimulated', option: `-${opt}` };
	}
	const [host, ...portArgs] = g.operands;
	if (host === undefined) return { kind: 'exit', stderr: NC_USAGE, exitCode: 1 };
	if (portArgs.length === 0) return die('missing port number');
	const all: number[] = [];
	for (const p of portArgs) {
		const r = ports(p, names, numeric);
		if (typeof r === 'string') return die(r);
		all.push(...r);
	}
	if (!zero) return { kind: 'unsimulated', option: 'nc without -z' };
	return { kind: 'run', options: { zero, verbose, numeric, family, timeoutMs: timeoutMs === 0 ? undefined : timeoutMs, host, ports: all } };
}
