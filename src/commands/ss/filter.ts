// ss's filter expression (iproute2 6.1 misc/ssfilter.y and parse_hostcond in misc/ss.c),
// reimplemented: `dst 10.96.0.50`, `sport = :15001`, `( dport = :9080 or sport = :9080 )`,
// `dport gt :40000`, `not sport = :15020`, `autobound`, `dev`, `fwmark`.
//
// The lexer splits every argument on blanks and turns a word that is not a keyword into a host
// condition at once, so a bad address is reported (exit 1) before a syntax error (exit 255) that
// would come later, as in ss. Evaluation follows run_ssfilter: an IPv4 condition also matches an
// IPv4-mapped address of an IPv6 socket.

import { inPrefix as netInPrefix, parseCidr } from '../../netns/addr';
import type { Names } from '../../sockets-view/types';
import { AF } from './model';

/** What the filter sees of a socket (struct sockstat's addresses and ports). */
export interface FilterSock {
	readonly family: 'inet' | 'unix' | 'netlink';
	readonly local?: string;
	readonly remote?: string;
	readonly lport: number;
	readonly rport: number;
	readonly ephemeral: boolean;
}

type HostCond =
	| { readonly kind: 'inet'; readonly prefixes: readonly { address: string; bits: number; family: 'ipv4' | 'ipv6' }[]; readonly port: number }
	| { readonly kind: 'unix'; readonly pattern: string | undefined }
	| { readonly kind: 'other'; readonly port: number };

export type Node =
	| { readonly t: 'scond' | 'dcond'; readonly c: HostCond }
	| { readonly t: 'sge' | 'sle' | 'dge' | 'dle'; readonly port: number }
	| { readonly t: 'and' | 'or'; readonly a: Node; readonly b: Node }
	| { readonly t: 'not'; readonly a: Node }
	| { readonly t: 'auto' }
	| { readonly t: 'never' };

export type FilterResult =
	| { readonly ok: true; readonly node: Node | undefined; readonly family?: number }
	| { readonly ok: false; readonly kind: 'syntax' }
	| { readonly ok: false; readonly kind: 'hostcond'; readonly stderr: string };

const OPS: Readonly<Record<string, string>> = {
	'!': '!', not: '!', '&': '&', '&&': '&', and: '&', '|': '|', '||': '|', or: '|', '(': '(', ')': ')',
	dst: 'dst', src: 'src', dport: 'dport', sport: 'sport', dev: 'dev', fwmark: 'fwmark', cgroup: 'cgroup',
	'>=': 'ge', ge: 'ge', geq: 'ge', '<=': 'le', le: 'le', leq: 'le', '!=': 'ne', ne: 'ne', neq: 'ne',
	'=': '=', '==': '=', eq: '=', '>': '>', gt: '>', '<': '<', lt: '<', autobound: 'autobound',
};

class HostcondError extends Error {}

/** inet_aton's forms: `10.1.2.3`, `10.1.515` (last part fills the rest), decimal/octal/hex parts. */
function inetAton(text: string): string | undefined {
	const parts = text.split('.');
	if (parts.length === 0 || parts.length > 4) return undefined;
	const nums: number[] = [];
	for (const p of parts) {
		const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(p);
		if (m === null) return undefined;
		nums.push(p.toLowerCase().startsWith('0x') ? parseInt(p, 16) : p.startsWith('0') ? parseInt(p, 8) || 0 : Number(p));
	}
	const last = nums.pop() as number;
	if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
	const bytes = [...nums];
	for (let i = 4 - nums.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
	return bytes.join('.');
}

/** get_prefix_1: an address with an optional /len, in the preferred family if one is set. */
function prefixOf(text: string, family: number | undefined): { address: string; bits: number; family: 'ipv4' | 'ipv6' } | undefined {
	if (text === 'default' || text === 'any' || text === 'all') return { address: '0.0.0.0', bits: 0, family: 'ipv4' };
	const [host = '', len] = text.split('/');
	const v4 = host.includes(':') ? undefined : inetAton(host);
	const c = v4 !== undefined ? parseCidr(len === undefined ? v4 : `${v4}/${len}`) : parseCidr(text);
	if (c === undefined) return undefined;
	if (family === AF.INET && c.family !== 'ipv4') return undefined;
	if (family === AF.INET6 && c.family !== 'ipv6') return undefined;
	return { address: c.address, bits: c.prefix, family: c.family };
}

function parsePort(text: string, names: Names, udp: boolean, tcp: boolean): number {
	const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(text);
	if (m !== null) return text.toLowerCase().startsWith('0x') ? parseInt(text, 16) : text.startsWith('0') ? parseInt(text, 8) || 0 : Number(text);
	const u = udp ? names.port(text, 'udp') : undefined;
	const t = tcp ? names.port(text, 'tcp') : undefined;
	if (u !== undefined && t !== undefined && u !== t) throw new HostcondError(`Error: ambiguous port "${text}".\n`);
	const p = u ?? t;
	if (p === undefined) throw new HostcondError(`Error: "${text}" does not look like a port.\n`);
	return p;
}

interface LexEnv {
	readonly names: Names;
	readonly preferredFamily: number | undefined;
	readonly udp: boolean;
	readonly tcp: boolean;
}

/** parse_hostcond. */
function hostcond(word: string, isPort: boolean, env: LexEnv, setFamily: (af: number) => void): HostCond {
	let addr = word;
	let fam = env.preferredFamily;
	for (const [prefix, af] of [['unix:', AF.UNIX], ['link:', AF.PACKET], ['netlink:', AF.NETLINK], ['inet:', AF.INET], ['inet6:', AF.INET6]] as const) {
		if (addr.startsWith(prefix)) {
			fam = af;
			addr = addr.slice(prefix.length);
			break;
		}
	}
	if (fam === AF.UNIX) {
		setFamily(AF.UNIX);
		return { kind: 'unix', pattern: addr };
	}
	if (fam === AF.PACKET || fam === AF.NETLINK) {
		setFamily(fam);
		const p = isPort ? addr : addr.includes(':') ? addr.slice(addr.indexOf(':') + 1) : undefined;
		const n = p === undefined || p === '' || p === '*' ? -1 : /^\d+$/.test(p) ? Number(p) : p === 'kernel' ? 0 : NaN;
		if (Number.isNaN(n)) throw new HostcondError('');
		return { kind: 'other', port: n };
	}
	let port: string | undefined;
	if (addr.startsWith('[')) {
		const close = addr.indexOf(']');
		if (close < 0) throw new HostcondError('');
		port = addr.slice(close + 1);
		addr = addr.slice(1, close);
	} else if (addr.startsWith('*')) {
		port = addr.slice(1);
		addr = '';
	} else {
		const slash = addr.indexOf('/');
		const colon = addr.lastIndexOf(':');
		if (colon >= 0 && colon > slash) {
			port = addr.slice(colon);
			addr = addr.slice(0, colon);
		}
	}
	if (isPort) {
		port = word;
		addr = '';
	}
	let n = -1;
	if (port !== undefined && port !== '') {
		const p = port.startsWith(':') ? port.slice(1) : port;
		if (p !== '' && p !== '*') n = parsePort(p, env.names, env.udp, env.tcp);
	}
	if (addr === '' || addr === '*') return { kind: 'inet', prefixes: [], port: n };
	const pf = prefixOf(addr, fam);
	if (pf !== undefined) {
		if (fam !== undefined) setFamily(fam);
		return { kind: 'inet', prefixes: [pf], port: n };
	}
	const resolved = env.names.addresses(addr).flatMap((a) => prefixOf(a, undefined) ?? []);
	if (resolved.length === 0) throw new HostcondError(`Error: an inet prefix is expected rather than "${addr}".\n`);
	if (fam !== undefined) setFamily(fam);
	return { kind: 'inet', prefixes: resolved, port: n };
}

type Token = { readonly op: string; readonly word: string } | { readonly op: 'hc'; readonly word: string; readonly c: HostCond };

export function parseFilter(words: readonly string[], env: LexEnv): FilterResult {
	const raw = words.flatMap((w) => w.split(/[ \t]+/).filter((t) => t !== ''));
	let pos = 0;
	let lastKeyword = '';
	let family: number | undefined;
	let peeked: Token | null | undefined;
	const lex = (): Token | null => {
		const w = raw[pos++];
		if (w === undefined) return null;
		const op = (Object.hasOwn(OPS, w) ? OPS[w] : undefined);
		if (op !== undefined) {
			if (op === 'dst' || op === 'src' || op === 'dport' || op === 'sport') lastKeyword = op;
			return { op, word: w };
		}
		const c = hostcond(w, lastKeyword === 'sport' || lastKeyword === 'dport', env, (af) => (family = af));
		return { op: 'hc', word: w, c };
	};
	const peek = (): Token | null => (peeked === undefined ? (peeked = lex()) : peeked);
	const next = (): Token | null => {
		const t = peek();
		peeked = undefined;
		return t;
	};
	class Syntax extends Error {}
	const hc = (): HostCond => {
		const t = next();
		if (t === null || t.op !== 'hc') throw new Syntax();
		return (t as { c: HostCond }).c;
	};
	const portOf = (c: HostCond): number => (c.kind === 'unix' ? -1 : c.port);
	const term = (): Node => {
		const t = peek();
		if (t !== null && t.op === '!') {
			next();
			return { t: 'not', a: term() };
		}
		return expr();
	};
	const expr = (): Node => {
		const t = next();
		if (t === null) throw new Syntax();
		switch (t.op) {
			case '(': {
				const inner = list();
				if (next()?.op !== ')') throw new Syntax();
				return inner;
			}
			case 'dst':
			case 'src': {
				if (peek()?.op === '=') next();
				return { t: t.op === 'dst' ? 'dcond' : 'scond', c: hc() };
			}
			case 'dport':
			case 'sport': {
				const d = t.op === 'dport';
				const op = peek()?.op;
				if (op === '=' || op === 'ne' || op === 'ge' || op === 'le' || op === '>' || op === '<') next();
				const c = hc();
				const cond: Node = { t: d ? 'dcond' : 'scond', c };
				const ge: Node = { t: d ? 'dge' : 'sge', port: portOf(c) };
				const le: Node = { t: d ? 'dle' : 'sle', port: portOf(c) };
				if (op === 'ne') return { t: 'not', a: cond };
				if (op === 'ge') return ge;
				if (op === 'le') return le;
				if (op === '>') return { t: 'not', a: le };
				if (op === '<') return { t: 'not', a: ge };
				return cond;
			}
			case 'autobound':
				return { t: 'auto' };
			case 'dev':
			case 'fwmark':
			case 'cgroup': {
				// The value is a device, a mark or a path, not a host condition: read it raw.
				const op = (Object.hasOwn(OPS, raw[pos] ?? '') ? OPS[raw[pos] ?? ''] : undefined);
				if (op === '=' || op === 'ne') pos++;
				const w = raw[pos++];
				if (w === undefined) throw new Syntax();
				const never: Node = { t: 'never' };
				// No socket of the world is bound to a device, marked or in another cgroup.
				const zeroMark = t.op === 'fwmark' && /^0(x0+)?(\/.*)?$/.test(w);
				const match: Node = zeroMark ? { t: 'not', a: never } : never;
				return op === 'ne' ? { t: 'not', a: match } : match;
			}
			default:
				throw new Syntax();
		}
	};
	const starts = (t: Token | null): boolean => t !== null && t.op !== ')' && t.op !== '|' && t.op !== '&';
	const list = (): Node => {
		let left = term();
		for (;;) {
			const t = peek();
			if (t !== null && (t.op === '|' || t.op === '&')) {
				next();
				const right = term();
				left = { t: t.op === '|' ? 'or' : 'and', a: left, b: right };
			} else if (starts(t)) left = { t: 'and', a: left, b: term() };
			else return left;
		}
	};
	try {
		if (raw.length === 0) return { ok: true, node: undefined };
		const node = list();
		if (peek() !== null) throw new Syntax();
		return family === undefined ? { ok: true, node } : { ok: true, node, family };
	} catch (e) {
		if (e instanceof HostcondError) return { ok: false, kind: 'hostcond', stderr: `${e.message}Cannot parse dst/src address.\n` };
		if (e instanceof Syntax) return { ok: false, kind: 'syntax' };
		throw e;
	}
}

function inPrefix(addr: string, p: { address: string; bits: number; family: 'ipv4' | 'ipv6' }): boolean {
	const isV6 = addr.includes(':');
	let a = addr;
	if (p.family === 'ipv4' && isV6) {
		if (!addr.startsWith('::ffff:') || !addr.includes('.')) return false;
		a = addr.slice(7);
	} else if ((p.family === 'ipv6') !== isV6) return false;
	return p.bits === 0 || netInPrefix(a, p.address, p.bits);
}

/** fnmatch(pattern, text, FNM_CASEFOLD) for `*`, `?` and `[...]`. */
function fnmatch(pattern: string, text: string): boolean {
	let re = '^';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i] as string;
		if (c === '*') re += '.*';
		else if (c === '?') re += '.';
		else if (c === '[') {
			const end = pattern.indexOf(']', i + 2);
			if (end < 0) re += '\\[';
			else {
				const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
				re += `[${body}]`;
				i = end;
			}
		} else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
	}
	try {
		return new RegExp(`${re}$`, 'i').test(text);
	} catch {
		return false;
	}
}

function cond(c: HostCond, s: FilterSock, side: 'local' | 'remote'): boolean {
	const addr = side === 'local' ? s.local : s.remote;
	const port = side === 'local' ? s.lport : s.rport;
	if (c.kind === 'unix') return s.family === 'unix' && (c.pattern === undefined || fnmatch(c.pattern, addr ?? ''));
	if (c.port !== -1 && c.port !== port) return false;
	if (c.kind === 'other' || c.prefixes.length === 0) return true;
	if (s.family !== 'inet' || addr === undefined) return false;
	return c.prefixes.some((p) => inPrefix(addr, p));
}

export function matches(n: Node, s: FilterSock): boolean {
	switch (n.t) {
		case 'scond':
			return cond(n.c, s, 'local');
		case 'dcond':
			return cond(n.c, s, 'remote');
		case 'sge':
			return s.lport >= n.port;
		case 'sle':
			return s.lport <= n.port;
		case 'dge':
			return s.rport >= n.port;
		case 'dle':
			return s.rport <= n.port;
		case 'and':
			return matches(n.a, s) && matches(n.b, s);
		case 'or':
			return matches(n.a, s) || matches(n.b, s);
		case 'not':
			return !matches(n.a, s);
		case 'auto':
			return s.ephemeral;
		case 'never':
			return false;
	}
}
