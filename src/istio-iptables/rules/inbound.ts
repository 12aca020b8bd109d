// Inbound capture: which connections arriving at the pod are handed to Envoy's inbound listener
// (15006), by nat REDIRECT or, with -m TPROXY, by mangle TPROXY keeping the original destination.

import { splitList } from '../config';
import type { RuleBuilder } from '../rule-builder';
import { Chain, type TableName } from '../types';
import type { PlanContext } from './context';

/**
 * The three nat chains every run creates, whatever the flags: ISTIO_INBOUND starts by letting the
 * HBONE tunnel port through (ztunnel/waypoints talk to it directly, capturing it would loop),
 * ISTIO_REDIRECT sends outbound TCP to Envoy's -p port and ISTIO_IN_REDIRECT inbound TCP to -z.
 */
export function baseChains(b: RuleBuilder, { cfg }: PlanContext): void {
	b.append('nat', Chain.Inbound, ['-p', 'tcp', '--dport', cfg.inboundTunnelPort, '-j', 'RETURN']);
	b.append('nat', Chain.Redirect, ['-p', 'tcp', '-j', 'REDIRECT', '--to-ports', cfg.proxyPort]);
	b.append('nat', Chain.InRedirect, ['-p', 'tcp', '-j', 'REDIRECT', '--to-ports', cfg.inboundCapturePort]);
}

/**
 * TPROXY needs two helper chains in mangle. ISTIO_DIVERT marks packets of connections Envoy
 * already owns (policy routing then delivers them to lo) and accepts them; ISTIO_TPROXY hands
 * new connections to Envoy's socket without rewriting the destination. Traffic to the pod's own
 * loopback range is never diverted.
 */
function tproxyHelperChains(b: RuleBuilder, ctx: PlanContext): void {
	const { cfg } = ctx;
	b.append('mangle', Chain.Divert, ['-j', 'MARK', '--set-mark', cfg.inboundTProxyMark]);
	b.append('mangle', Chain.Divert, ['-j', 'ACCEPT']);
	b.appendPerFamily('mangle', Chain.Tproxy, (family) => [
		'!',
		'-d',
		ctx.loopback(family),
		'-p',
		'tcp',
		'-j',
		'TPROXY',
		'--tproxy-mark',
		`${cfg.inboundTProxyMark}/0xffffffff`,
		'--on-port',
		cfg.inboundCapturePort,
	]);
}

/** The rules that capture one port (or, with no port, everything left) in ISTIO_INBOUND. */
function captureRules(ctx: PlanContext, port?: string): string[][] {
	const dport = port === undefined ? [] : ['--dport', port];
	if (!ctx.tproxy) return [['-p', 'tcp', ...dport, '-j', Chain.InRedirect]];
	// Packets of established connections go straight to lo; new ones through TPROXY.
	return [
		['-p', 'tcp', ...dport, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', Chain.Divert],
		['-p', 'tcp', ...dport, '-j', Chain.Tproxy],
	];
}

/**
 * -b: with an empty list nothing inbound is captured (not even a PREROUTING jump). With `*`,
 * every port is captured except the -d ones (Envoy's own admin/health/metrics ports in a real
 * sidecar); -d is ignored for an explicit list because only the listed ports are captured anyway.
 */
export function inboundCapture(b: RuleBuilder, ctx: PlanContext): void {
	const { cfg } = ctx;
	if (cfg.inboundPortsInclude === '') return;
	if (ctx.tproxy) tproxyHelperChains(b, ctx);
	const table: TableName = ctx.tproxy ? 'mangle' : 'nat';
	b.append(table, 'PREROUTING', ['-p', 'tcp', '-j', Chain.Inbound]);

	if (cfg.inboundPortsInclude === '*') {
		for (const port of splitList(cfg.inboundPortsExclude)) {
			b.append(table, Chain.Inbound, ['-p', 'tcp', '--dport', port, '-j', 'RETURN']);
		}
		for (const rule of captureRules(ctx)) b.append(table, Chain.Inbound, rule);
		return;
	}
	for (const port of splitList(cfg.inboundPortsInclude)) {
		for (const rule of captureRules(ctx, port)) b.append(table, Chain.Inbound, rule);
	}
}
