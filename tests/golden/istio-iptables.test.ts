// Istio's own golden files, vendored in tests/fixtures/istio-iptables (see its README.md), compared
// byte for byte with what the simulator generates. Each case is { name, tweak of one baseline },
// like tools/istio-iptables/pkg/capture/run_test.go and cni/pkg/plugin/plugin_dryrun_test.go.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	cniPluginConfig,
	harnessBaseline,
	planRules,
	renderCaptureGolden,
	renderCniGolden,
	type IptablesConfig,
	type SidecarPod,
} from '../../src/istio-iptables';

const FIXTURES = join(import.meta.dirname, '../fixtures/istio-iptables');

function golden(dir: string, file: string): string {
	return readFileSync(join(FIXTURES, dir, file), 'utf8');
}

interface CaptureCase {
	name: string;
	tweak: Partial<IptablesConfig>;
}

/** The DNS server the capture harness pretends resolv.conf lists. */
const RESOLV_V4 = ['127.0.0.53'];

const CAPTURE_CASES: CaptureCase[] = [
	{ name: 'empty', tweak: {} },
	{ name: 'inbound-ports-wildcard', tweak: { inboundPortsInclude: '*' } },
	{ name: 'inbound-ports-include', tweak: { inboundPortsInclude: '32000,31000' } },
	{ name: 'inbound-ports-tproxy', tweak: { inboundPortsInclude: '32000,31000', inboundInterceptionMode: 'TPROXY' } },
	{ name: 'inbound-ports-wildcard-tproxy', tweak: { inboundPortsInclude: '*', inboundInterceptionMode: 'TPROXY' } },
	{
		name: 'tproxy',
		tweak: {
			inboundInterceptionMode: 'TPROXY',
			inboundPortsInclude: '*',
			outboundIPRangesExclude: '1.1.0.0/16',
			outboundIPRangesInclude: '9.9.0.0/16',
			dryRun: true,
			redirectDNS: true,
			dnsServersV4: RESOLV_V4,
			proxyGID: '1337',
			proxyUID: '1337',
			excludeInterfaces: 'not-istio-nic',
			enableIPv6: true,
		},
	},
	{ name: 'ipnets', tweak: { outboundIPRangesInclude: '10.0.0.0/8' } },
	{
		name: 'ip-range',
		tweak: {
			outboundIPRangesExclude: '1.1.0.0/16',
			outboundIPRangesInclude: '9.9.0.0/16',
			dryRun: true,
			redirectDNS: true,
			enableIPv6: false,
			proxyGID: '1,2',
			proxyUID: '3,4',
			dnsServersV4: RESOLV_V4,
		},
	},
	{
		name: 'loopback-outbound-iprange',
		tweak: {
			outboundIPRangesInclude: '127.1.2.3/32',
			dryRun: true,
			redirectDNS: true,
			dnsServersV4: RESOLV_V4,
			enableIPv6: false,
			proxyGID: '1,2',
			proxyUID: '3,4',
		},
	},
	{ name: 'kube-virt-interfaces', tweak: { rerouteVirtualInterfaces: 'eth1,eth2', outboundIPRangesInclude: '*' } },
	{ name: 'ipnets-with-kube-virt-interfaces', tweak: { rerouteVirtualInterfaces: 'eth1,eth2', outboundIPRangesInclude: '10.0.0.0/8' } },
	{ name: 'basic-exclude-nic', tweak: { excludeInterfaces: 'not-istio-nic' } },
	{ name: 'drop-invalid', tweak: { dropInvalid: true } },
	{ name: 'host-ipv4-loopback-cidr', tweak: { hostIPv4LoopbackCidr: '127.0.0.1/8' } },
	{ name: 'outbound-ports-include', tweak: { outboundPortsInclude: '32000,31000' } },
	{ name: 'outbound-owner-groups', tweak: { ownerGroupsInclude: 'java,202' } },
	{ name: 'outbound-owner-groups-exclude', tweak: { ownerGroupsExclude: '888,ftp' } },
	{
		name: 'dns-uid-gid',
		tweak: {
			redirectDNS: true,
			dnsServersV4: RESOLV_V4,
			dnsServersV6: ['::127.0.0.53'],
			proxyGID: '1,2',
			proxyUID: '3,4',
			enableIPv6: true,
		},
	},
	// --redirect-dns without any server: Istio warns and captures no DNS at all.
	{ name: 'ipv6-dns-uid-gid', tweak: { enableIPv6: true, redirectDNS: true, proxyGID: '1,2', proxyUID: '3,4' } },
	{ name: 'ipv6-dns-outbound-owner-groups', tweak: { enableIPv6: true, redirectDNS: true, ownerGroupsInclude: 'java,202' } },
	{ name: 'ipv6-dns-outbound-owner-groups-exclude', tweak: { enableIPv6: true, redirectDNS: true, ownerGroupsExclude: '888,ftp' } },
	{ name: 'ipv6-empty-inbound-ports', tweak: { inboundPortsInclude: '', enableIPv6: true } },
	{ name: 'ipv6-inbound-ports', tweak: { inboundPortsInclude: '4000,5000', enableIPv6: true } },
	{ name: 'ipv6-virt-interfaces', tweak: { inboundPortsInclude: '4000,5000', rerouteVirtualInterfaces: 'eth0,eth1', enableIPv6: true } },
	{
		// The trailing comma is Istio's; -d is ignored anyway because -b is not `*`.
		name: 'ipv6-ipnets',
		tweak: {
			inboundPortsInclude: '4000,5000',
			inboundPortsExclude: '6000,7000,',
			rerouteVirtualInterfaces: 'eth0,eth1',
			outboundIPRangesExclude: '2001:db8::/32',
			outboundIPRangesInclude: '2001:db8::/32',
			enableIPv6: true,
		},
	},
	{
		name: 'ipv6-uid-gid',
		tweak: {
			inboundPortsInclude: '4000,5000',
			inboundPortsExclude: '6000,7000',
			rerouteVirtualInterfaces: 'eth0,eth1',
			proxyGID: '1,2',
			proxyUID: '3,4',
			enableIPv6: true,
			outboundIPRangesExclude: '2001:db8::/32',
			outboundIPRangesInclude: '2001:db8::/32',
		},
	},
	{ name: 'ipv6-outbound-ports', tweak: { inboundPortsInclude: '', outboundPortsInclude: '32000,31000', enableIPv6: true } },
];

describe('istio-iptables capture goldens (tools/istio-iptables/pkg/capture/testdata)', () => {
	it('has one case per vendored golden', () => {
		const files = readdirSync(join(FIXTURES, 'capture')).filter((f) => f.endsWith('.golden'));
		expect(CAPTURE_CASES.map((c) => `${c.name}.golden`).sort()).toEqual(files.sort());
	});

	it.each(CAPTURE_CASES)('$name', ({ name, tweak }) => {
		const plan = planRules({ ...harnessBaseline(), ...tweak });
		if (!plan.ok) throw new Error(plan.error);
		expect(renderCaptureGolden(plan.value)).toBe(golden('capture', `${name}.golden`));
	});
});

interface CniCase {
	name: string;
	golden: string;
	tweak: Partial<SidecarPod>;
}

/** plugin_dryrun_test.go's pod: only the sidecar status annotation, an istio-proxy container. */
const CNI_BASELINE: SidecarPod = { annotations: { 'sidecar.istio.io/status': 'true' }, proxyEnv: {} };
const withAnnotations = (extra: Record<string, string>): Partial<SidecarPod> => ({
	annotations: { ...CNI_BASELINE.annotations, ...extra },
});
const CUSTOM_UID = 1000670000;
const CUSTOM_GID = 1000670001;

const CNI_CASES: CniCase[] = [
	{ name: 'basic', golden: 'basic', tweak: {} },
	{
		name: 'include-exclude-ip',
		golden: 'include-exclude-ip',
		tweak: withAnnotations({
			'traffic.sidecar.istio.io/includeOutboundIPRanges': '127.0.0.0/8',
			'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8',
		}),
	},
	{
		name: 'include-exclude-ports',
		golden: 'include-exclude-ports',
		tweak: withAnnotations({
			'traffic.sidecar.istio.io/includeInboundPorts': '1111,2222',
			'traffic.sidecar.istio.io/excludeInboundPorts': '3333,4444',
			'traffic.sidecar.istio.io/excludeOutboundPorts': '5555,6666',
		}),
	},
	{ name: 'tproxy', golden: 'tproxy', tweak: withAnnotations({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }) },
	{ name: 'DNS', golden: 'dns', tweak: { proxyEnv: { ISTIO_META_DNS_CAPTURE: 'true' } } },
	{ name: 'invalid-drop', golden: 'invalid-drop', tweak: { proxyEnv: { INVALID_DROP: 'true' } } },
	{ name: 'custom-uid', golden: 'custom-uid', tweak: { runAsUser: CUSTOM_UID, runAsGroup: CUSTOM_GID } },
	// runAsUser 0 means "not set": back to 1337, the basic golden.
	{ name: 'custom-uid-zero', golden: 'basic', tweak: { runAsUser: 0 } },
	{
		name: 'custom-uid-tproxy',
		golden: 'custom-uid-tproxy',
		tweak: { ...withAnnotations({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }), runAsUser: CUSTOM_UID, runAsGroup: CUSTOM_GID },
	},
];

function generateCni(tweak: Partial<SidecarPod>): string {
	const cfg = cniPluginConfig({ ...CNI_BASELINE, ...tweak });
	if (!cfg.ok) throw new Error(cfg.error);
	const plan = planRules(cfg.value);
	if (!plan.ok) throw new Error(plan.error);
	return renderCniGolden(plan.value);
}

describe('istio-cni plugin goldens (cni/pkg/plugin/testdata)', () => {
	it('covers every vendored golden except the stale status-ports one', () => {
		const files = readdirSync(join(FIXTURES, 'cni-plugin')).filter((f) => f.endsWith('.txt.golden'));
		const tested = new Set(CNI_CASES.map((c) => `${c.golden}.txt.golden`));
		expect(files.filter((f) => !tested.has(f))).toEqual(['status-ports.txt.golden']);
	});

	it.each(CNI_CASES)('$name', ({ golden: file, tweak }) => {
		expect(generateCni(tweak)).toBe(golden('cni-plugin', `${file}.txt.golden`));
	});

	/**
	 * status-ports.txt.golden is not generated: no Istio test has ever read it. It was committed
	 * with the plugin's dry-run test (PR #33992, 2021-07-13) as a byte-for-byte copy of that day's
	 * basic.txt.golden and never regenerated. Its content is the 1.11/1.12-era rule set, so rather
	 * than modelling an old builder we pin down exactly how it differs from today's basic output:
	 * - `ISTIO_INBOUND --dport 22 RETURN`: SSH was excluded by default until PR #36312 (1.13);
	 * - `OUTPUT -p tcp -j ISTIO_OUTPUT`: only TCP entered ISTIO_OUTPUT until 1.25;
	 * - no `-p udp --dport 15020 RETURN`: -o exclusions became TCP+UDP in 1.25;
	 * - no `-p tcp ! --dport 15008` on the loopback redirect: added for HBONE in 1.18 (PR #43414).
	 */
	it('status-ports is the 2021 basic golden (explained, not generated)', () => {
		const current = generateCni({}).split('\n');
		const stale = golden('cni-plugin', 'status-ports.txt.golden').split('\n');
		expect(stale.filter((l) => !current.includes(l))).toEqual([
			'-A ISTIO_INBOUND -p tcp --dport 22 -j RETURN',
			'-A OUTPUT -p tcp -j ISTIO_OUTPUT',
			'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
			'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
		]);
		expect(current.filter((l) => !stale.includes(l))).toEqual([
			'-A OUTPUT -j ISTIO_OUTPUT',
			'-A ISTIO_OUTPUT -p udp --dport 15020 -j RETURN',
			'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
			'-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
		]);
	});
});
