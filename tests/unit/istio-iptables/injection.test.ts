// Pod annotations -> istio-init arguments (the injector template), and those arguments -> rules.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	configFromArgs,
	DEFAULT_INJECTION_VALUES,
	injectedSidecarDefaults,
	injectInitContainer,
	planRules,
	restoreInputs,
	shellQuote,
	type InjectionValues,
} from '../../../src/istio-iptables';

const DEFAULT_ARGS =
	`istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 --log_output_level=default:info`;

function argsFor(annotations: Record<string, string>, values: Partial<InjectionValues> = {}): string | null {
	const init = injectInitContainer(annotations, { ...DEFAULT_INJECTION_VALUES, ...values });
	if (!init.ok) throw new Error(init.error);
	return init.value === null ? null : shellQuote(init.value.args);
}

describe('injector template: annotations -> istio-init args', () => {
	const cases: { name: string; annotations: Record<string, string>; values?: Partial<InjectionValues>; args: string | null }[] = [
		{ name: 'no annotations (real injection defaults)', annotations: {}, args: DEFAULT_ARGS },
		{
			name: 'includeInboundPorts',
			annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '8080,9090' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b 8080,9090 -d 15090,15021,15020 --log_output_level=default:info`,
		},
		{
			name: 'excludeInboundPorts gets the status port appended',
			annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '22, 8443' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,22,8443,15020 --log_output_level=default:info`,
		},
		{
			name: 'excludeInboundPorts already holding the status port is kept as written',
			annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '15020,22' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020,22 --log_output_level=default:info`,
		},
		{
			name: 'status port 0 excludes only Envoy ports',
			annotations: { 'status.sidecar.istio.io/port': '0' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021 --log_output_level=default:info`,
		},
		{
			name: 'outbound IP ranges',
			annotations: {
				'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12,10.244.0.0/16',
				'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
			},
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i 10.96.0.0/12,10.244.0.0/16 -x 169.254.169.254/32 -b '*' -d 15090,15021,15020 --log_output_level=default:info`,
		},
		{
			name: 'outbound ports, virtual and excluded interfaces, agent log level',
			annotations: {
				'traffic.sidecar.istio.io/includeOutboundPorts': '443',
				'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,6379',
				'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1',
				'traffic.sidecar.istio.io/excludeInterfaces': 'eth1',
				'sidecar.istio.io/agentLogLevel': 'debug',
			},
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 -q 443 -o 3306,6379 -k net1 -c eth1 --log_output_level=debug`,
		},
		{
			name: 'reroute-virtual-interfaces wins over the deprecated kubevirtInterfaces',
			annotations: { 'istio.io/reroute-virtual-interfaces': 'net2', 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 -k net2 --log_output_level=default:info`,
		},
		{
			name: 'TPROXY always passes -u 1337',
			annotations: { 'sidecar.istio.io/interceptionMode': 'TPROXY' },
			values: { proxyUID: '1000670000' },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m TPROXY -i '*' -x "" -b '*' -d 15090,15021,15020 --log_output_level=default:info`,
		},
		{
			name: 'the injector ProxyUID otherwise',
			annotations: {},
			values: { proxyUID: '1000670000' },
			args: `istio-iptables -p 15001 -z 15006 -u 1000670000 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 --log_output_level=default:info`,
		},
		{
			name: 'mesh-wide defaults from Helm values',
			annotations: {},
			values: { excludeOutboundPorts: '9000', includeIPRanges: '10.0.0.0/8', logAsJson: true, forceApplyIptables: true },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i 10.0.0.0/8 -x "" -b '*' -d 15090,15021,15020 -o 9000 --log_output_level=default:info --log_as_json --force-apply`,
		},
		{
			name: 'istio-cni: validation only',
			annotations: {},
			values: { cniEnabled: true },
			args: `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 --log_output_level=default:info --run-validation --skip-rule-apply`,
		},
		{ name: 'interceptionMode NONE: no init container', annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' }, args: null },
	];

	it.each(cases)('$name', ({ annotations, values, args }) => {
		expect(argsFor(annotations, values)).toBe(args);
	});

	it('names the container after the mode', () => {
		expect(injectInitContainer({}).ok && injectInitContainer({})).toMatchObject({ value: { name: 'istio-init' } });
		expect(injectInitContainer({}, { ...DEFAULT_INJECTION_VALUES, cniEnabled: true })).toMatchObject({ value: { name: 'istio-validation' } });
	});
});

describe('injector annotation validation (the pod is rejected)', () => {
	const cases: { name: string; annotations: Record<string, string>; error: string }[] = [
		{
			name: 'bad interception mode',
			annotations: { 'sidecar.istio.io/interceptionMode': 'tproxy' },
			error: "1 error occurred:\n\t* invalid value 'tproxy' for annotation 'sidecar.istio.io/interceptionMode': interceptionMode invalid, use REDIRECT,TPROXY,NONE: tproxy\n\n",
		},
		{
			name: 'bad port in a list',
			annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,redis' },
			error:
				"1 error occurred:\n\t* invalid value '3306,redis' for annotation 'traffic.sidecar.istio.io/excludeOutboundPorts': " +
				`excludeOutboundPorts invalid: failed parsing port 'redis': failed parsing port 'redis': strconv.ParseUint: parsing "redis": invalid syntax\n\n`,
		},
		{
			name: 'several at once, sorted by annotation name',
			annotations: {
				'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8, 10.1.0.0/16',
				'traffic.sidecar.istio.io/excludeInterfaces': 'this-name-is-too-long',
			},
			error:
				'2 errors occurred:\n' +
				"\t* invalid value 'this-name-is-too-long' for annotation 'traffic.sidecar.istio.io/excludeInterfaces': interface name \"this-name-is-too-long\" too long (max 15 chars)\n" +
				"\t* invalid value '10.0.0.0/8, 10.1.0.0/16' for annotation 'traffic.sidecar.istio.io/includeOutboundIPRanges': " +
				`includeIPRanges invalid: failed parsing cidr ' 10.1.0.0/16': netip.ParsePrefix(" 10.1.0.0/16"): ParseAddr(" 10.1.0.0"): unexpected character (at " 10.1.0.0")\n\n`,
		},
	];

	it.each(cases)('$name', ({ annotations, error }) => {
		expect(injectInitContainer(annotations)).toEqual({ ok: false, error });
	});
});

describe('istio-init args -> restore input', () => {
	it('a default sidecar programs the materialized sidecar-init-default rules', () => {
		const init = injectInitContainer({});
		if (!init.ok || init.value === null) throw new Error('no init container');
		const cfg = configFromArgs(init.value.args.slice(1));
		if (!cfg.ok) throw new Error(cfg.error);
		expect(cfg.value).toEqual(injectedSidecarDefaults());
		const plan = planRules(cfg.value);
		if (!plan.ok) throw new Error(plan.error);
		// The vendored copy of reference/istio-iptables-golden/materialized/inputs/sidecar-init-default.v4.restore.
		expect(restoreInputs(plan.value)).toEqual({ ipv4: readFileSync('tests/fixtures/iptables/materialized/inputs/sidecar-init-default.v4.restore', 'utf8') });
	});
});
