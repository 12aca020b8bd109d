// Combinations no Istio golden covers, pinned as whole restore inputs. Their order follows
// IptablesConfigurator.Run at the snapshot (see PLAN_STEPS); if a golden ever covers them, it wins.

import { describe, expect, it } from 'vitest';
import { harnessBaseline, planRules, PLAN_STEPS, restoreInputs, type IptablesConfig } from '../../../src/istio-iptables';

function restore(tweak: Partial<IptablesConfig>): { ipv4: string; ipv6?: string } {
	const plan = planRules({ ...harnessBaseline(), ...tweak });
	if (!plan.ok) throw new Error(plan.error);
	return restoreInputs(plan.value);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

const OWNER_RULES_V4 = [
	'-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN',
	'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
	'-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
	'-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
	'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
	'-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN',
	'-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
];

describe('rule order beyond the goldens', () => {
	it('lists the concerns in Run order', () => {
		expect(PLAN_STEPS.map((s) => s.name)).toEqual([
			'exclude-interfaces',
			'virtual-interfaces-return',
			'drop-invalid',
			'base-chains',
			'inbound-capture',
			'output-jump',
			'outbound-port-exclusions',
			'passthrough-source',
			'proxy-owners',
			'owner-groups',
			'dns-capture',
			'loopback-return',
			'cidr-exclusions',
			'outbound-port-inclusions',
			'cidr-inclusions',
			'tproxy-marks',
		]);
	});

	it('-c, -k, --drop-invalid and TPROXY together (IPv6 ranges dropped when IPv6 is off)', () => {
		expect(
			restore({
				excludeInterfaces: 'eth1',
				rerouteVirtualInterfaces: 'net1,net2',
				inboundInterceptionMode: 'TPROXY',
				inboundPortsInclude: '*',
				inboundPortsExclude: '15090',
				dropInvalid: true,
				outboundIPRangesInclude: '10.0.0.0/8,2001:db8::/32',
				outboundPortsExclude: '5432',
			}),
		).toEqual({
			ipv4: lines(
				'* mangle',
				'-N ISTIO_DROP',
				'-N ISTIO_DIVERT',
				'-N ISTIO_TPROXY',
				'-N ISTIO_INBOUND',
				'-A PREROUTING -i eth1 -j RETURN',
				'-A OUTPUT -o eth1 -j RETURN',
				'-A PREROUTING -m conntrack --ctstate INVALID -j ISTIO_DROP',
				'-A ISTIO_DROP -j DROP',
				'-A ISTIO_DIVERT -j MARK --set-mark 1337',
				'-A ISTIO_DIVERT -j ACCEPT',
				'-A ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15006',
				'-A PREROUTING -p tcp -j ISTIO_INBOUND',
				'-A ISTIO_INBOUND -p tcp --dport 15090 -j RETURN',
				'-A ISTIO_INBOUND -p tcp -m conntrack --ctstate RELATED,ESTABLISHED -j ISTIO_DIVERT',
				'-A ISTIO_INBOUND -p tcp -j ISTIO_TPROXY',
				'-A PREROUTING -p tcp -m mark --mark 1337 -j CONNMARK --save-mark',
				'-A OUTPUT -p tcp -o lo -m mark --mark 1337 -j RETURN',
				'-A OUTPUT ! -d 127.0.0.1/32 -p tcp -o lo -m owner --uid-owner 1337 -j MARK --set-mark 1338',
				'-A OUTPUT ! -d 127.0.0.1/32 -p tcp -o lo -m owner --gid-owner 1337 -j MARK --set-mark 1338',
				'-A OUTPUT -p tcp -m connmark --mark 1337 -j CONNMARK --restore-mark',
				'-I ISTIO_INBOUND 1 -p tcp -m mark --mark 1337 -j RETURN',
				'-I ISTIO_INBOUND 2 -p tcp -s 127.0.0.6/32 -i lo -j RETURN',
				'-I ISTIO_INBOUND 3 -p tcp -i lo -m mark ! --mark 1338 -j RETURN',
				'COMMIT',
				'* nat',
				'-N ISTIO_INBOUND',
				'-N ISTIO_REDIRECT',
				'-N ISTIO_IN_REDIRECT',
				'-N ISTIO_OUTPUT',
				'-A PREROUTING -i eth1 -j RETURN',
				'-A OUTPUT -o eth1 -j RETURN',
				'-I PREROUTING 1 -i net1 -j RETURN',
				'-I PREROUTING 1 -i net2 -j RETURN',
				'-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN',
				'-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
				'-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
				'-A OUTPUT -j ISTIO_OUTPUT',
				'-A ISTIO_OUTPUT -p tcp --dport 5432 -j RETURN',
				'-A ISTIO_OUTPUT -p udp --dport 5432 -j RETURN',
				...OWNER_RULES_V4,
				'-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
				'-I PREROUTING 1 -i net1 -d 10.0.0.0/8 -j ISTIO_REDIRECT',
				'-I PREROUTING 1 -i net2 -d 10.0.0.0/8 -j ISTIO_REDIRECT',
				'-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT',
				'COMMIT',
			),
		});
	});

	it('several DNS servers: TCP rules, then UDP rules; zones per server; owner groups before DNS', () => {
		const dns = restore({
			redirectDNS: true,
			dnsServersV4: ['10.96.0.10', '8.8.8.8'],
			ownerGroupsInclude: 'java',
		});
		expect(dns.ipv4).toBe(
			lines(
				'* nat',
				'-N ISTIO_INBOUND',
				'-N ISTIO_REDIRECT',
				'-N ISTIO_IN_REDIRECT',
				'-N ISTIO_OUTPUT',
				'-N ISTIO_OUTPUT_DNS',
				'-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN',
				'-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
				'-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
				'-A OUTPUT -j ISTIO_OUTPUT',
				'-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN',
				'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp -m multiport ! --dports 53,15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
				'-A ISTIO_OUTPUT -o lo -p tcp ! --dport 53 -m owner ! --uid-owner 1337 -j RETURN',
				'-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
				'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
				'-A ISTIO_OUTPUT -o lo -p tcp ! --dport 53 -m owner ! --gid-owner 1337 -j RETURN',
				'-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
				'-A ISTIO_OUTPUT -m owner ! --gid-owner java -j RETURN',
				'-A ISTIO_OUTPUT -j ISTIO_OUTPUT_DNS',
				'-A ISTIO_OUTPUT_DNS -p tcp --dport 53 -d 10.96.0.10/32 -j REDIRECT --to-ports 15053',
				'-A ISTIO_OUTPUT_DNS -p tcp --dport 53 -d 8.8.8.8/32 -j REDIRECT --to-ports 15053',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 10.96.0.10/32 -j REDIRECT --to-port 15053',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 8.8.8.8/32 -j REDIRECT --to-port 15053',
				'-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
				'COMMIT',
				'* raw',
				'-N ISTIO_OUTPUT_DNS',
				'-N ISTIO_INBOUND',
				'-A OUTPUT -j ISTIO_OUTPUT_DNS',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -m owner --uid-owner 1337 -j CT --zone 1',
				'-A ISTIO_OUTPUT_DNS -p udp --sport 15053 -m owner --uid-owner 1337 -j CT --zone 2',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -m owner --gid-owner 1337 -j CT --zone 1',
				'-A ISTIO_OUTPUT_DNS -p udp --sport 15053 -m owner --gid-owner 1337 -j CT --zone 2',
				'-A PREROUTING -j ISTIO_INBOUND',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 10.96.0.10/32 -j CT --zone 2',
				'-A ISTIO_INBOUND -p udp --sport 53 -s 10.96.0.10/32 -j CT --zone 1',
				'-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 8.8.8.8/32 -j CT --zone 2',
				'-A ISTIO_INBOUND -p udp --sport 53 -s 8.8.8.8/32 -j CT --zone 1',
				'COMMIT',
			),
		);
	});

	it('an empty ISTIO_OUTBOUND_OWNER_GROUPS captures no group at all (a bare RETURN)', () => {
		expect(restore({ ownerGroupsInclude: '' })).toEqual({
			ipv4: lines(
				'* nat',
				'-N ISTIO_INBOUND',
				'-N ISTIO_REDIRECT',
				'-N ISTIO_IN_REDIRECT',
				'-N ISTIO_OUTPUT',
				'-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN',
				'-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
				'-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
				'-A OUTPUT -j ISTIO_OUTPUT',
				...OWNER_RULES_V4,
				'-A ISTIO_OUTPUT -j RETURN',
				'-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
				'COMMIT',
			),
		});
	});
});
