// `ip route show` and `ip route get` (iproute2 6.1 iproute.c). Routes are listed as the kernel
// dumps its FIB: IPv4 tables first, in table-id order within the 256 hash buckets, each table in
// trie order (address, then the longer prefix first, then the lower metric), then IPv6. A route
// prints its type (unless unicast), destination, gateway, device, table (when listing several and
// it is not main), proto (boot is the default and never shown), scope (not global), preferred
// source and metric; an IPv4 line ends with a space, an IPv6 line with `pref medium`.

import { route as decide } from '../../netns/route';
import { bytesOf, parseCidr } from '../../netns/addr';
import { DEFAULT_RULES } from '../../netns/build';
import type { Netns, Route } from '../../netns/types';
import { INCOMPLETE, parseTable, parseU32, tableName, wrong } from './args';
import type { Globals, IpOutput as Out } from './types';
const fail = (stderr: string, exitCode: number): Out => ({ stdout: '', stderr, exitCode });

function dstText(r: Route): string {
	if (r.prefix === 0) return 'default';
	const host = r.family === 'ipv4' ? 32 : 128;
	return r.prefix === host ? r.dst : `${r.dst}/${r.prefix}`;
}

/** The IPv6 metric the kernel gives a route without one: 0 local, 256 from addrconf, 1024 added. */
function v6metric(r: Route): number {
	return r.metric ?? (r.type === 'local' ? 0 : r.proto === 'kernel' ? 256 : 1024);
}

export function routeLine(r: Route, opts: { showTable: boolean; hideDev: boolean }): string {
	const p: string[] = [];
	if (r.type !== 'unicast') p.push(r.type);
	p.push(dstText(r));
	if (r.via !== undefined) p.push(`via ${r.via}`);
	if (r.dev !== undefined && !opts.hideDev) p.push(`dev ${r.dev}`);
	if (opts.showTable && r.table !== 254) p.push(`table ${tableName(r.table)}`);
	if (r.proto !== undefined && r.proto !== 'boot') p.push(`proto ${r.proto}`);
	if (r.family === 'ipv6') return `${[...p, `metric ${v6metric(r)}`, 'pref medium'].join(' ')}\n`;
	if (r.scope !== 'global') p.push(`scope ${r.scope}`);
	if (r.src !== undefined) p.push(`src ${r.src}`);
	if (r.metric !== undefined && r.metric !== 0) p.push(`metric ${r.metric}`);
	return `${p.join(' ')} \n`;
}

/** Compares two addresses of one family as the FIB trie orders its keys: byte by byte. */
function compareAddresses(a: string, b: string): number {
	const x = bytesOf(a);
	const y = bytesOf(b);
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
	return 0;
}

/** The kernel's dump order (see the file comment). */
export function dumpOrder(a: Route, b: Route): number {
	if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
	if (a.table !== b.table) return (a.table & 255) - (b.table & 255) || a.table - b.table;
	const byKey = compareAddresses(a.dst, b.dst);
	if (byKey !== 0) return byKey;
	if (a.prefix !== b.prefix) return b.prefix - a.prefix;
	return (a.metric ?? 0) - (b.metric ?? 0);
}

/** `ip route [show|list] [table ID] [dev DEV] [type TYPE] [proto P] [scope S]`. */
export function routeShow(ns: Netns, g: Globals, args: readonly string[]): Out {
	let table: number | undefined;
	let dev: string | undefined;
	let type: string | undefined;
	let proto: string | undefined;
	let scope: string | undefined;
	let prefix: { address: string; prefix: number } | undefined;
	for (let k = 0; k < args.length; k++) {
		const w = args[k] ?? '';
		const need = (): string | undefined => args[++k];
		if (w === 'table') {
			const t = need();
			if (t === undefined) return fail(INCOMPLETE, 255);
			const id = parseTable(t);
			if (id === undefined) return fail(`${wrong(t, 'table id value is invalid')}\n`, 255);
			table = id;
		} else if (w === 'dev' || w === 'oif') {
			dev = need();
			if (dev === undefined) return fail(INCOMPLETE, 255);
			if (!ns.interfaces.some((i) => i.name === dev)) return fail(`Cannot find device "${dev}"\n`, 1);
		} else if (w === 'type' || w === 'proto' || w === 'scope') {
			const v = need();
			if (v === undefined) return fail(INCOMPLETE, 255);
			if (w === 'type') type = v;
			else if (w === 'proto') proto = v;
			else scope = v;
		} else {
			const word = w === 'to' || w === 'match' || w === 'exact' || w === 'root' ? need() : w;
			const c = word === undefined ? undefined : word === 'default' || word === 'all' ? { address: '0.0.0.0', prefix: 0, family: 'ipv4' as const } : parseCidr(word);
			if (c === undefined) return fail(word === undefined ? INCOMPLETE : `Error: any valid prefix is expected rather than "${word}".\n`, word === undefined ? 255 : 1);
			prefix = c;
		}
	}
	const family = g.family ?? 'ipv4';
	const all = table === 0;
	const wanted = table ?? 254;
	if (!all && wanted !== 254 && wanted !== 255 && !ns.routes.some((r) => r.table === wanted && r.family === family)) {
		return fail(`Error: ${family === 'ipv4' ? 'ipv4' : 'ipv6'}: FIB table does not exist.\nDump terminated\n`, 2);
	}
	const routes = ns.routes
		.filter((r) => (all ? g.family === undefined || r.family === g.family : r.family === family && r.table === wanted))
		.filter((r) => (dev === undefined || r.dev === dev) && (type === undefined || r.type === type) && (proto === undefined || (r.proto ?? 'boot') === proto) && (scope === undefined || r.scope === scope))
		.filter((r) => prefix === undefined || (r.dst === prefix.address && r.prefix === prefix.prefix))
		.sort(dumpOrder);
	return { stdout: routes.map((r) => routeLine(r, { showTable: all, hideDev: dev !== undefined })).join(''), stderr: '', exitCode: 0 };
}

/** The kernel keeps using the FIB rules once any rule was added; the model tells by the rule set. */
function customRules(ns: Netns): boolean {
	const v4 = ns.rules.filter((r) => r.family === 'ipv4');
	return v4.length !== DEFAULT_RULES.length || v4.some((r, i) => r.priority !== DEFAULT_RULES[i]?.priority || r.table !== DEFAULT_RULES[i]?.table || r.fwmark !== undefined || r.from !== undefined || r.to !== undefined || r.iif !== undefined || r.oif !== undefined);
}

/** `ip route get ADDRESS [from ADDR] [mark N] [oif DEV] [uid N]`. */
export function routeGet(ns: Netns, args: readonly string[], uid: number): Out {
	let dst: string | undefined;
	let from: string | undefined;
	let mark: number | undefined;
	let who = uid;
	let warning = '';
	for (let k = 0; k < args.length; k++) {
		const w = args[k] ?? '';
		const need = (): string | undefined => args[++k];
		if (w === 'mark' || w === 'fwmark') {
			const v = need();
			if (v === undefined) return fail(INCOMPLETE, 255);
			const n = parseU32(v);
			if (n === undefined) return fail(wrong(v, 'invalid mark value'), 255);
			mark = n;
		} else if (w === 'from') {
			const v = need();
			if (v === undefined) return fail(INCOMPLETE, 255);
			from = v;
		} else if (w === 'oif' || w === 'iif' || w === 'dev' || w === 'vrf' || w === 'tos' || w === 'ipproto' || w === 'sport' || w === 'dport') {
			const v = need();
			if (v === undefined) return fail(INCOMPLETE, 255);
			if ((w === 'oif' || w === 'iif' || w === 'dev') && !ns.interfaces.some((i) => i.name === v)) return fail(`Cannot find device "${v}"\n`, 1);
		} else if (w === 'uid') {
			const v = need();
			const n = v === undefined ? undefined : parseU32(v);
			if (n === undefined) return fail(v === undefined ? INCOMPLETE : wrong(v, 'invalid UID'), 255);
			who = n;
		} else if (w === 'fibmatch' || w === 'connected') continue;
		else {
			const word = w === 'to' ? need() : w;
			if (word === undefined) return fail(INCOMPLETE, 255);
			const c = parseCidr(word);
			if (c === undefined) return fail(`Error: any valid prefix is expected rather than "${word}".\n`, 1);
			const host = c.family === 'ipv4' ? 32 : 128;
			if (word.includes('/') && c.prefix !== host) warning = `Warning: /${c.prefix} as prefix is invalid, only /${host} (or none) is supported.\n`;
			dst = c.address;
		}
	}
	if (dst === undefined) return fail('need at least a destination address\n', 1);
	const d = decide(ns, { dst, ...(from !== undefined ? { src: from } : {}), ...(mark !== undefined ? { mark } : {}) });
	if (d.kind === 'unreachable') return fail(`${warning}RTNETLINK answers: Network is unreachable\n`, 2);
	const table = d.table === 254 || (d.table === 255 && !customRules(ns)) ? '' : `table ${tableName(d.table)} `;
	const src = from !== undefined ? '' : `src ${d.src} `;
	const fromText = from !== undefined ? `from ${from} ` : '';
	const markText = mark !== undefined && mark !== 0 ? `mark 0x${mark.toString(16)} ` : '';
	const tail = `${markText}uid ${who} \n`;
	let line: string;
	let cache = '    cache \n';
	if (d.kind === 'local') {
		line = `local ${dst} ${fromText}dev ${d.dev} ${table}${src}${tail}`;
		cache = '    cache <local> \n';
	} else if (d.kind === 'broadcast') {
		line = `broadcast ${dst} ${fromText}dev ${d.dev} ${table}${src}${tail}`;
		cache = '    cache <local,brd> \n';
	} else line = `${dst} ${fromText}${d.via !== undefined ? `via ${d.via} ` : ''}dev ${d.dev} ${table}${src}${tail}`;
	return { stdout: line + cache, stderr: warning, exitCode: 0 };
}

