// TPROXY bookkeeping in mangle: the marks that let policy routing (`ip rule fwmark 1337 lookup 133`,
// see routes.ts) deliver Envoy-bound packets to lo, and the returns that stop Envoy's own traffic
// from being diverted a second time. Added last, after all nat rules.

import { splitList } from '../config';
import type { RuleBuilder } from '../rule-builder';
import { Chain, INBOUND_PASSTHROUGH_SOURCE, OUTBOUND_MARK } from '../types';
import type { PlanContext } from './context';

export function tproxyMarks(b: RuleBuilder, ctx: PlanContext): void {
	if (!ctx.tproxy) return;
	const mark = ctx.cfg.inboundTProxyMark;
	// Envoy's original_src listener filter marks its upstream packets; keep the mark on the
	// connection so the replies can be restored to it and routed back through lo.
	b.append('mangle', 'PREROUTING', ['-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'CONNMARK', '--save-mark']);
	// Already-marked Envoy-to-app packets over lo must not be marked again.
	b.append('mangle', 'OUTPUT', ['-p', 'tcp', '-o', 'lo', '-m', 'mark', '--mark', mark, '-j', 'RETURN']);
	// App -> Service VIP -> Envoy outbound -> own pod IP: tag with 1338 so that inbound capture
	// below treats it as a real inbound connection rather than local app traffic.
	const owners = [
		...splitList(ctx.cfg.proxyUID).map((uid) => ['--uid-owner', uid]),
		...splitList(ctx.cfg.proxyGID).map((gid) => ['--gid-owner', gid]),
	];
	for (const owner of owners) {
		b.appendPerFamily('mangle', 'OUTPUT', (family) => [
			'!',
			'-d',
			ctx.loopback(family),
			'-p',
			'tcp',
			'-o',
			'lo',
			'-m',
			'owner',
			...owner,
			'-j',
			'MARK',
			'--set-mark',
			OUTBOUND_MARK,
		]);
	}
	// The app's replies on a TPROXY'd connection get the connection's mark back for routing.
	b.append('mangle', 'OUTPUT', ['-p', 'tcp', '-m', 'connmark', '--mark', mark, '-j', 'CONNMARK', '--restore-mark']);
	// Top of mangle ISTIO_INBOUND, in this order: packets already diverted, Envoy's passthrough
	// connections from 127.0.0.6 (::6), and lo traffic not tagged 1338 (the app talking to itself).
	b.insert('mangle', Chain.Inbound, 1, ['-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'RETURN']);
	for (const family of ['ipv4', 'ipv6'] as const) {
		const source = INBOUND_PASSTHROUGH_SOURCE[family];
		b.insert('mangle', Chain.Inbound, 2, ['-p', 'tcp', '-s', source, '-i', 'lo', '-j', 'RETURN'], family);
	}
	b.insert('mangle', Chain.Inbound, 3, ['-p', 'tcp', '-i', 'lo', '-m', 'mark', '!', '--mark', OUTBOUND_MARK, '-j', 'RETURN']);
}
