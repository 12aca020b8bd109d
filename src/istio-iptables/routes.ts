// What istio-iptables changes besides iptables (tools/common/tproxy ConfigureRoutes), as data for
// the routing model: the ::6 address IPv6 pods need on lo, and TPROXY's policy routing. Each
// action carries the `ip` command Istio's comments give as its equivalent.

import type { IptablesConfig } from './config';
import { goQuote } from './go-text';
import { err, ok, type Family, type Result } from './types';

export interface RouteAction {
	readonly kind: 'address' | 'rule' | 'route';
	readonly family: Family;
	readonly command: string;
}

/** strconv.Atoi as Istio uses it for the TPROXY mark and table. */
function atoi(s: string): Result<number> {
	return /^[+-]?[0-9]+$/.test(s) ? ok(Number(s)) : err(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
}

export function planRoutes(cfg: IptablesConfig): Result<RouteAction[]> {
	const actions: RouteAction[] = [];
	// IPv4 can bind any 127.x source on lo; IPv6 only ::1, so Envoy's passthrough source ::6
	// must be added explicitly (Istio logs "Added ::6 address on the loopback iface").
	if (cfg.enableIPv6) actions.push({ kind: 'address', family: 'ipv6', command: 'ip -6 addr add ::6/128 dev lo' });
	if (cfg.inboundPortsInclude === '' || cfg.inboundInterceptionMode !== 'TPROXY') return ok(actions);

	const table = atoi(cfg.inboundTProxyRouteTable);
	if (!table.ok) return err(`failed to parse InboundTProxyRouteTable: ${table.error}`);
	const mark = atoi(cfg.inboundTProxyMark);
	if (!mark.ok) return err(`failed to parse InboundTProxyMark: ${mark.error}`);
	const families: Family[] = cfg.enableIPv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
	// Packets marked by ISTIO_DIVERT/TPROXY are routed with table 133, whose only route delivers
	// everything locally through lo, where Envoy's transparent socket picks them up.
	for (const family of families) {
		const ip = family === 'ipv4' ? 'ip' : 'ip -6';
		actions.push({ kind: 'rule', family, command: `${ip} rule add fwmark ${mark.value} lookup ${table.value}` });
	}
	for (const family of families) {
		const ip = family === 'ipv4' ? 'ip' : 'ip -6';
		const all = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
		actions.push({ kind: 'route', family, command: `${ip} route add local ${all} dev lo table ${table.value}` });
	}
	return ok(actions);
}
