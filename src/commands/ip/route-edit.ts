// `ip route add|del|replace|append` (iproute2 6.1 iproute_modify), for what lessons do with routes:
// TPROXY's `ip route add local 0.0.0.0/0 dev lo table 133`, a static route, a blackhole. The new
// route comes from the namespace model (src/netns/build.ts: addRoute), which also answers
// `RTNETLINK answers: File exists` and the gateway check; the kernel's other refusals are here.

import { addRoute } from '../../netns/build';
import { networkOf, parseCidr } from '../../netns/addr';
import type { Netns, Route, RouteType } from '../../netns/types';
import { INCOMPLETE, parseTable, parseU32, wrong } from './args';
import { ROUTE_USAGE } from './help';
import type { IpRun as Edit } from './types';

const TYPES: readonly RouteType[] = ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'];

interface Spec {
	type?: RouteType;
	dst?: string;
	via?: string;
	dev?: string;
	table?: number;
	metric?: number;
	src?: string;
}

function parseSpec(args: readonly string[]): Spec | { stderr: string; exitCode: number } {
	const s: Spec = {};
	for (let k = 0; k < args.length; k++) {
		const w = args[k] ?? '';
		const next = args[k + 1];
		const takes = ['via', 'dev', 'oif', 'table', 'metric', 'priority', 'preference', 'src', 'proto', 'scope'];
		if (takes.includes(w)) {
			if (next === undefined) return { stderr: INCOMPLETE, exitCode: 255 };
			k++;
			if (w === 'via') s.via = next;
			else if (w === 'dev' || w === 'oif') s.dev = next;
			else if (w === 'table') {
				const t = parseTable(next);
				if (t === undefined || t === 0) return { stderr: `${wrong(next, '"table" value is invalid')}\n`, exitCode: 255 };
				s.table = t;
			} else if (w === 'metric' || w === 'priority' || w === 'preference') {
				const m = parseU32(next);
				if (m === undefined) return { stderr: wrong(next, '"metric" value is invalid'), exitCode: 255 };
				s.metric = m;
			} else if (w === 'src') s.src = next;
			continue;
		}
		if (s.dst === undefined && s.type === undefined && (TYPES as readonly string[]).includes(w)) {
			s.type = w as RouteType;
			continue;
		}
		if (s.dst !== undefined) return { stderr: `Error: either "to" is duplicate, or "${w === 'to' ? (next ?? w) : w}" is a garbage.\n`, exitCode: 255 };
		const word = w === 'to' ? next : w;
		if (w === 'to') k++;
		if (word === undefined) return { stderr: INCOMPLETE, exitCode: 255 };
		s.dst = word;
	}
	return s;
}

/** The route a `del` names: its table, destination, and whatever else it says. */
function sameRoute(r: Route, s: Spec, dst: { address: string; prefix: number }): boolean {
	return (
		r.table === (s.table ?? (s.type === 'local' || s.type === 'broadcast' ? 255 : 254)) &&
		r.dst === dst.address &&
		r.prefix === dst.prefix &&
		(s.type === undefined || r.type === s.type) &&
		(s.dev === undefined || r.dev === s.dev) &&
		(s.via === undefined || r.via === s.via) &&
		(s.metric === undefined || (r.metric ?? 0) === s.metric)
	);
}

export function routeModify(ns: Netns, cmd: 'add' | 'del' | 'replace' | 'append', args: readonly string[]): Edit {
	const out = (stderr: string, exitCode: number): Edit => ({ stdout: '', stderr, exitCode, netns: ns });
	if (args.length === 0) return out(ROUTE_USAGE, 255);
	const s = parseSpec(args);
	if ('stderr' in s) return out(s.stderr, s.exitCode);
	if (s.dst === undefined) return out(ROUTE_USAGE, 255);
	const c = s.dst === 'default' ? { address: '0.0.0.0', prefix: 0, family: 'ipv4' as const } : parseCidr(s.dst);
	if (c === undefined) return out(`Error: any valid prefix is expected rather than "${s.dst}".\n`, 1);
	if (s.dev !== undefined && !ns.interfaces.some((i) => i.name === s.dev)) return out(`Cannot find device "${s.dev}"\n`, 1);
	if (networkOf(c.address, c.prefix) !== c.address) return out('Error: Invalid prefix for given prefix length.\n', 2);
	if (cmd === 'del') {
		const victim = ns.routes.find((r) => sameRoute(r, s, c));
		if (victim === undefined) return out('RTNETLINK answers: No such process\n', 2);
		return { stdout: '', stderr: '', exitCode: 0, netns: { ...ns, routes: ns.routes.filter((r) => r !== victim) } };
	}
	const needsDevice = s.type === undefined || s.type === 'unicast' || s.type === 'local' || s.type === 'broadcast';
	if (needsDevice && s.dev === undefined && s.via === undefined) return out('RTNETLINK answers: No such device\n', 2);
	let base = ns;
	if (cmd === 'replace') base = { ...ns, routes: ns.routes.filter((r) => !sameRoute(r, { ...s, dev: undefined, via: undefined }, c)) };
	const r = addRoute(base, {
		dst: s.dst === 'default' ? 'default' : `${c.address}/${c.prefix}`,
		...(s.type !== undefined ? { type: s.type } : {}),
		...(s.table !== undefined ? { table: s.table } : {}),
		...(s.dev !== undefined ? { dev: s.dev } : {}),
		...(s.via !== undefined ? { via: s.via } : {}),
		...(s.src !== undefined ? { src: s.src } : {}),
		...(s.metric !== undefined ? { metric: s.metric } : {}),
	});
	if (!r.ok) return out(`${r.error.message}\n`, r.error.message.startsWith('Cannot find') ? 1 : 2);
	return { stdout: '', stderr: '', exitCode: 0, netns: r.value };
}
