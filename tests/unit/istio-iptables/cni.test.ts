// The istio-cni plugin's reading of a sidecar pod: annotation checks (the pod sandbox fails to
// start with these messages), defaults, and the proxy container's environment.

import { describe, expect, it } from 'vitest';
import { cniRedirect, type IptablesConfig, type SidecarPod } from '../../../src/istio-iptables';

const BASE: SidecarPod = { annotations: { 'sidecar.istio.io/status': 'true' }, proxyEnv: {} };

describe('plugin annotation errors', () => {
	const cases: { name: string; annotations: Record<string, string>; error: string }[] = [
		{
			name: 'interception mode (NONE is not a plugin mode)',
			annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' },
			error: 'annotation value error for value redirectMode; annotationFound = true: interceptionMode invalid: NONE',
		},
		{
			name: 'include CIDRs',
			annotations: { 'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8,' },
			error: `annotation value error for value includeIPCidrs; annotationFound = true: IPRanges invalid: failed parsing cidr '': netip.ParsePrefix(""): no '/'`,
		},
		{
			name: 'exclude CIDRs',
			annotations: { 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.1' },
			error: `annotation value error for value excludeIPCidrs; annotationFound = true: failed parsing cidr '10.0.0.1': netip.ParsePrefix("10.0.0.1"): no '/'`,
		},
		{
			name: 'port list',
			annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '22,ssh' },
			error:
				'annotation value error for value excludeInboundPorts; annotationFound = true: ' +
				'portList "22,ssh" invalid: failed parsing port "ssh": strconv.ParseUint: parsing "ssh": invalid syntax',
		},
		{
			name: 'a trailing comma is an empty port',
			annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '8080,' },
			error:
				'annotation value error for value includeInboundPorts; annotationFound = true: ' +
				'portList "8080," invalid: failed parsing port "": strconv.ParseUint: parsing "": invalid syntax',
		},
		{
			name: 'port out of range',
			annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '65536' },
			error:
				'annotation value error for value excludeOutboundPorts; annotationFound = true: ' +
				'portList "65536" invalid: failed parsing port "65536": strconv.ParseUint: parsing "65536": value out of range',
		},
		{
			name: 'interface name',
			annotations: { 'istio.io/reroute-virtual-interfaces': 'net1,1net' },
			error: 'annotation value error for value reroute-virtual-interfaces; annotationFound = true: interface name "1net" contains invalid characters',
		},
	];

	it.each(cases)('$name', ({ annotations, error }) => {
		expect(cniRedirect({ ...BASE, annotations: { ...BASE.annotations, ...annotations } })).toEqual({ ok: false, error });
	});
});

describe('plugin configuration', () => {
	const cases: { name: string; pod: Partial<SidecarPod>; expect: Partial<IptablesConfig>; warnings?: string[] }[] = [
		{
			name: 'defaults: capture everything, 15020 excluded both ways',
			pod: {},
			expect: {
				proxyPort: '15001',
				proxyUID: '1337',
				proxyGID: '1337',
				inboundInterceptionMode: 'REDIRECT',
				inboundPortsInclude: '*',
				inboundPortsExclude: '15020,15021,15090',
				outboundIPRangesInclude: '*',
				outboundPortsExclude: '15020',
				cniMode: true,
			},
		},
		{
			name: "the user's excluded ports come first, duplicates dropped",
			pod: { annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': ' 15021,3333 ' } },
			expect: { inboundPortsExclude: '15021,3333,15020,15090' },
		},
		{
			name: 'an explicit excludeOutboundPorts replaces 15020',
			pod: { annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '5555' } },
			expect: { outboundPortsExclude: '5555' },
		},
		{
			name: 'reroute-virtual-interfaces wins over kubevirtInterfaces',
			pod: { annotations: { 'istio.io/reroute-virtual-interfaces': 'net2', 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1' } },
			expect: { rerouteVirtualInterfaces: 'net2' },
		},
		{
			name: 'runAsGroup alone',
			pod: { runAsGroup: 2000 },
			expect: { proxyUID: '1337', proxyGID: '2000' },
		},
		{
			name: 'DNS capture means every port-53 packet',
			pod: { proxyEnv: { ISTIO_META_DNS_CAPTURE: 'true' } },
			expect: { redirectDNS: true, captureAllDNS: true },
		},
		{
			name: 'an unparsable environment value is logged and counts as false',
			pod: { proxyEnv: { INVALID_DROP: 'on' } },
			expect: { dropInvalid: false },
			warnings: ['cannot parse invalid drop environment variable strconv.ParseBool: parsing "on": invalid syntax'],
		},
	];

	it.each(cases)('$name', ({ pod, expect: wanted, warnings }) => {
		const r = cniRedirect({ ...BASE, ...pod, annotations: { ...BASE.annotations, ...pod.annotations } });
		if (!r.ok) throw new Error(r.error);
		expect(r.value.config).toMatchObject(wanted);
		expect(r.value.warnings).toEqual(warnings ?? []);
	});
});
