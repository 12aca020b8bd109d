// tcpdump's command line, parsed as GNU getopt_long parses it for tcpdump 4.99 (tcpdump.c's
// SHORTOPTS and longopts): clustered flags (`-nnvvA`), attached or separate arguments (`-c5`,
// `-c 5`), options anywhere among the expression words (getopt permutes), `--` ending the options,
// and the expression as the remaining words joined by spaces. Errors are values with tcpdump's
// wording; the caller prints them.

import { USAGE_TEXT } from './help';
import type { TimeStyle } from './render/format';

/** Every short option tcpdump 4.99 knows; ':' marks those taking an argument. */
const SHORTOPTS = 'aAbB:c:C:dDeE:fF:G:hHi:I:j:JKlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#';

const LONGOPTS: Readonly<Record<string, { readonly short?: string; readonly arg: boolean }>> = {
	'buffer-size': { short: 'B', arg: true },
	help: { short: 'h', arg: false },
	interface: { short: 'i', arg: true },
	'list-interfaces': { short: 'D', arg: false },
	'snapshot-length': { short: 's', arg: true },
	number: { short: '#', arg: false },
	direction: { short: 'Q', arg: true },
	version: { arg: false },
	'immediate-mode': { arg: false },
	print: { arg: false },
	micro: { arg: false },
	nano: { arg: false },
	count: { arg: false },
	'time-stamp-precision': { arg: true },
	'monitor-mode': { short: 'I', arg: false },
	'relinquish-privileges': { short: 'Z', arg: true },
	linktype: { short: 'y', arg: true },
};

/** Options that would write or read files, show BPF code or link-layer headers: not simulated (./messages.ts words them). */
const NOT_SIMULATED = new Set(['w', 'r', 'd', 'e', 'F', 'C', 'G', 'W', 'z', 'V', 'E', 'M', 'T', 'y', 'L', 'J', 'j', 'm', 'count', 'time-stamp-precision', 'nano']);

export interface TcpdumpArgs {
	readonly action: 'capture' | 'help' | 'version' | 'list';
	readonly iface: string | undefined;
	readonly count: number | undefined;
	readonly numeric: boolean;
	readonly verbose: number;
	readonly ascii: boolean;
	readonly hex: number;
	readonly hexAscii: number;
	readonly quick: boolean;
	readonly absolute: boolean;
	readonly time: TimeStyle;
	readonly number: boolean;
	readonly direction: 'in' | 'out' | 'inout';
	readonly snaplen: number;
	readonly expression: string;
}

export type ParsedArgs =
	| { readonly ok: true; readonly args: TcpdumpArgs }
	| { readonly ok: false; readonly kind: 'usage' | 'error'; readonly message: string }
	/** `option`: the short option letter, or the long option's name. */
	| { readonly ok: false; readonly kind: 'not-simulated'; readonly option: string };

const usage = (first: string): ParsedArgs => ({ ok: false, kind: 'usage', message: `tcpdump: ${first}\n${USAGE_TEXT}` });
const error = (message: string): ParsedArgs => ({ ok: false, kind: 'error', message: `tcpdump: ${message}\n` });

type Mutable = { -readonly [K in keyof TcpdumpArgs]: TcpdumpArgs[K] };

const MAX_SNAPLEN = 262144;

/** One option with its argument (undefined for flags); an error value for a bad argument. */
function apply(a: Mutable, opt: string, arg: string | undefined): ParsedArgs | undefined {
	if (NOT_SIMULATED.has(opt)) return { ok: false, kind: 'not-simulated', option: opt };
	switch (opt) {
		case 'A': a.ascii = true; break;
		case 'c': {
			const t = (arg ?? '').trim();
			const n = /^[+-]?\d+$/.test(t) ? Number(t) : Number.NaN;
			if (!(n > 0)) return error(`invalid packet count ${arg ?? ''}`);
			a.count = n;
			break;
		}
		case 'D': a.action = 'list'; break;
		case 'h': case 'help': a.action = 'help'; break;
		case 'version': a.action = 'version'; break;
		case 'i': case 'interface': a.iface = arg; break;
		case 'n': a.numeric = true; break;
		case 'q': a.quick = true; break;
		case 'Q': case 'direction':
			if (arg !== 'in' && arg !== 'out' && arg !== 'inout') return error(`unknown capture direction \`${arg ?? ''}'`);
			a.direction = arg;
			break;
		case 'S': a.absolute = true; break;
		case 's': case 'snapshot-length': {
			const n = /^\d+$/.test(arg ?? '') ? Number(arg) : Number.NaN;
			if (!(n >= 0 && n <= MAX_SNAPLEN)) return error(`invalid snaplen ${arg ?? ''} (must be >= 0 and <= ${MAX_SNAPLEN})`);
			a.snaplen = n === 0 ? MAX_SNAPLEN : n;
			break;
		}
		case 't': a.time = Math.min(5, a.time + 1) as TimeStyle; break;
		case 'v': a.verbose++; break;
		case 'x': a.hex++; break;
		case 'X': a.hexAscii++; break;
		case '#': case 'number': a.number = true; break;
		// Accepted and without visible effect here: buffering, promiscuity, privileges, checks.
		default: break;
	}
	return undefined;
}

export function parseTcpdumpArgs(argv: readonly string[]): ParsedArgs {
	const a: Mutable = { action: 'capture', iface: undefined, count: undefined, numeric: false, verbose: 0, ascii: false, hex: 0, hexAscii: 0, quick: false, absolute: false, time: 0, number: false, direction: 'inout', snaplen: MAX_SNAPLEN, expression: '' };
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const w = argv[i] ?? '';
		if (w === '--') {
			words.push(...argv.slice(i + 1));
			break;
		}
		if (w.startsWith('--')) {
			const [name = '', value] = w.slice(2).split(/=(.*)/s, 2);
			const matches = Object.keys(LONGOPTS).filter((k) => k.startsWith(name));
			const key = name in LONGOPTS ? name : matches.length === 1 ? matches[0] : undefined;
			if (key === undefined) return usage(matches.length > 1 ? `option '${w}' is ambiguous` : `unrecognized option '${w}'`);
			const spec = LONGOPTS[key] ?? { arg: false };
			let arg = value;
			if (spec.arg && arg === undefined) {
				if (i + 1 >= argv.length) return usage(`option '--${key}' requires an argument`);
				arg = argv[++i];
			}
			const r = apply(a, spec.short ?? key, arg);
			if (r !== undefined) return r;
			continue;
		}
		if (!w.startsWith('-') || w === '-') {
			words.push(w);
			continue;
		}
		for (let j = 1; j < w.length; j++) {
			const c = w[j] ?? '';
			const at = SHORTOPTS.indexOf(c);
			if (at < 0 || c === ':') return usage(`invalid option -- '${c}'`);
			let arg: string | undefined;
			if (SHORTOPTS[at + 1] === ':') {
				if (j + 1 < w.length) arg = w.slice(j + 1);
				else if (i + 1 < argv.length) arg = argv[++i];
				else return usage(`option requires an argument -- '${c}'`);
				j = w.length;
			}
			const r = apply(a, c, arg);
			if (r !== undefined) return r;
		}
	}
	a.expression = words.join(' ');
	return { ok: true, args: a };
}
