// TPROXY mode's policy routing, applied to a namespace: istio-iptables plans the `ip rule` and
// `ip route` commands (src/istio-iptables/routes.ts), this applies them to the netns model. Both
// the Node programmer (./rules.ts) and the page's replay (./program.ts) use it.

import type { RouteAction } from '../../istio-iptables';
import { addRoute, addRule } from '../../netns/build';
import type { Netns } from '../../netns/types';

/** `ip rule add fwmark 1337 lookup 133` and `ip route add local 0.0.0.0/0 dev lo table 133`. */
export function applyRoutes(ns: Netns, actions: readonly RouteAction[]): Netns {
	let out = ns;
	for (const a of actions) {
		if (a.family !== 'ipv4') continue;
		const rule = /fwmark (\d+) lookup (\d+)/.exec(a.command);
		const route = /route add local (\S+) dev (\S+) table (\d+)/.exec(a.command);
		if (a.kind === 'rule' && rule) out = addRule(out, { fwmark: { value: Number(rule[1]), mask: 0xffffffff }, table: Number(rule[2]) });
		else if (a.kind === 'route' && route) {
			const r = addRoute(out, { dst: route[1] === '0.0.0.0/0' ? 'default' : (route[1] ?? ''), type: 'local', dev: route[2] ?? 'lo', table: Number(route[3]) });
			if (!r.ok) throw new Error(`broken invariant: ${a.command}: ${r.error.message}`);
			out = r.value;
		}
	}
	return out;
}
