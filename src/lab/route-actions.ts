// istio-iptables configures TPROXY's policy routing besides iptables, and reports each change as
// the `ip` command its source names as the equivalent (src/istio-iptables/routes.ts). This applies
// those few forms to the simulated namespace: `ip rule add fwmark N lookup T` and
// `ip route add local PREFIX dev DEV table T`. IPv6 (`ip -6 ...`) is reported as not modelled.

import { addRoute, addRule } from '../netns/build';
import type { Netns } from '../netns/types';
import type { RouteAction } from '../istio-iptables/routes';

export type ApplyResult = { ok: true; netns: Netns } | { ok: false; error: string };

const RULE = /^ip rule add fwmark (\d+) lookup (\d+)$/;
const ROUTE = /^ip route add local (\S+) dev (\S+) table (\d+)$/;

export function applyRouteActions(netns: Netns, actions: readonly RouteAction[]): ApplyResult {
	let ns = netns;
	for (const action of actions) {
		if (action.family === 'ipv6') return { ok: false, error: `${action.command}: IPv6 is not modelled in this lab` };
		const rule = RULE.exec(action.command);
		const route = ROUTE.exec(action.command);
		if (rule) {
			ns = addRule(ns, { fwmark: { value: Number(rule[1]), mask: 0xffffffff }, table: Number(rule[2]) });
		} else if (route) {
			const dst = route[1] === '0.0.0.0/0' ? 'default' : (route[1] ?? '');
			const added = addRoute(ns, { dst, type: 'local', dev: route[2] ?? 'lo', table: Number(route[3]) });
			if (!added.ok) return { ok: false, error: added.error.message };
			ns = added.value;
		} else {
			return { ok: false, error: `${action.command}: not understood` };
		}
	}
	return { ok: true, netns: ns };
}
