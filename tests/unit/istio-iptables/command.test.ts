// `pilot-agent istio-iptables` end to end: what the binary logs in a dry run, what it feeds the
// namespace otherwise, the routes it adds, --run-validation and --help. Whole outputs.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_POD_ENVIRONMENT,
	runIstioIptables,
	type Family,
	type NetfilterDependency,
	type PodEnvironment,
} from '../../../src/istio-iptables';

const CLOCK = (): Date => new Date(Date.UTC(2026, 7, 22, 19, 0, 0, 123));
const TS = '2026-08-22T19:00:00.123000Z';
const INJECTED = ['-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'];

const ENVIRONMENT_DUMP = [
	'Istio iptables environment:',
	'ENVOY_PORT=',
	'INBOUND_CAPTURE_PORT=',
	'ISTIO_INBOUND_INTERCEPTION_MODE=',
	'ISTIO_INBOUND_TPROXY_ROUTE_TABLE=',
	'ISTIO_INBOUND_PORTS=',
	'ISTIO_OUTBOUND_PORTS=',
	'ISTIO_LOCAL_EXCLUDE_PORTS=',
	'ISTIO_EXCLUDE_INTERFACES=',
	'ISTIO_SERVICE_CIDR=',
	'ISTIO_SERVICE_EXCLUDE_CIDR=',
	'ISTIO_META_DNS_CAPTURE=',
	'INVALID_DROP=',
	'',
].join('\n');

function configDump(overrides: Record<string, string> = {}): string {
	const rows: Record<string, string> = {
		PROXY_PORT: '15001',
		PROXY_INBOUND_CAPTURE_PORT: '15006',
		PROXY_TUNNEL_PORT: '15008',
		PROXY_UID: '1337',
		PROXY_GID: '1337',
		INBOUND_INTERCEPTION_MODE: 'REDIRECT',
		INBOUND_TPROXY_MARK: '1337',
		INBOUND_TPROXY_ROUTE_TABLE: '133',
		INBOUND_PORTS_INCLUDE: '*',
		INBOUND_PORTS_EXCLUDE: '15090,15021,15020',
		OUTBOUND_OWNER_GROUPS_INCLUDE: '*',
		OUTBOUND_OWNER_GROUPS_EXCLUDE: '',
		OUTBOUND_IP_RANGES_INCLUDE: '*',
		OUTBOUND_IP_RANGES_EXCLUDE: '',
		OUTBOUND_PORTS_INCLUDE: '',
		OUTBOUND_PORTS_EXCLUDE: '',
		KUBE_VIRT_INTERFACES: '',
		ENABLE_INBOUND_IPV6: 'false',
		DUAL_STACK: 'false',
		DNS_CAPTURE: 'false',
		DROP_INVALID: 'false',
		CAPTURE_ALL_DNS: 'false',
		DNS_SERVERS: '[],[]',
		NETWORK_NAMESPACE: '',
		CNI_MODE: 'false',
		EXCLUDE_INTERFACES: '',
		RECONCILE: 'false',
		CLEANUP_ONLY: 'false',
		FORCE_APPLY: 'false',
		NATIVE_NFTABLES: 'false',
		FORCE_IPTABLES_BINARY: '',
		...overrides,
	};
	return `Istio config:\n${Object.entries(rows)
		.map(([k, v]) => `${k}=${v}\n`)
		.join('')}`;
}

/** What the dry run logs as its restore input: Istio's materialized golden input, without the final newline. */
const inputFile = (name: string): string => readFileSync(`tests/fixtures/iptables/materialized/inputs/${name}`, 'utf8').replace(/\n$/, '');
const V4_RESTORE = inputFile('sidecar-init-default.v4.restore');
/** The IPv6 input is the same rules with ::1 and ::6 for 127.0.0.1 and 127.0.0.6. */
const V6_RESTORE = V4_RESTORE.replaceAll('127.0.0.1/32', '::1/128').replaceAll('127.0.0.6/32', '::6/128');

const log = (level: string, message: string): string => `${TS}\t${level}\t${message}\n`;

/** A namespace that records what it was given and answers iptables-save from that. */
function recordingNamespace(): NetfilterDependency & { restored: [Family, string][] } {
	const restored: [Family, string][] = [];
	return {
		restored,
		save: (family) => restored.filter(([f]) => f === family).map(([, text]) => text).join(''),
		restore: (family, input) => {
			restored.push([family, input]);
			return null;
		},
	};
}

const IPV6_POD: PodEnvironment = { ...DEFAULT_POD_ENVIRONMENT, interfaceAddrs: ['::1/128', 'fd00:10:244::7/64', 'fe80::1/64'] };

describe('dry run (-n): the log of the real binary, nothing applied', () => {
	it('default injected sidecar', () => {
		const result = runIstioIptables([...INJECTED, '-n'], { now: CLOCK });
		expect(result.stdout).toBe(
			log('info', 'running iptables in dry-run mode, no rule changes will be made') +
				log('info', ENVIRONMENT_DUMP) +
				log('info', configDump()) +
				log('info', 'Clean-state detected, new iptables are needed') +
				log('info', 'Applying iptables chains and rules') +
				log('info', `Running iptables restore with: iptables-restore and the following input:\n${V4_RESTORE}`) +
				log('info', 'Final iptables state (IPv4):\n') +
				log('info', 'skipping configuring routes due to dry run mode'),
		);
		expect({ stderr: result.stderr, exitCode: result.exitCode, applied: result.applied }).toEqual({ stderr: '', exitCode: 0, applied: false });
		expect(result.restore).toEqual({ ipv4: `${V4_RESTORE}\n` });
	});

	it('IPv6 pod: both families, and the DNS warning when resolv.conf lists nothing', () => {
		const pod: PodEnvironment = { ...IPV6_POD, resolvConf: '# empty\n', env: { ISTIO_META_DNS_CAPTURE: 'true' } };
		const result = runIstioIptables([...INJECTED, '-n'], { now: CLOCK, pod });
		expect(result.stdout).toBe(
			log('info', 'running iptables in dry-run mode, no rule changes will be made') +
				log('warn', 'REDIRECT_DNS is set, but CAPTURE_ALL_DNS is false, and no DNS servers provided. DNS capture disabled.') +
				log('info', ENVIRONMENT_DUMP.replace('ISTIO_META_DNS_CAPTURE=', 'ISTIO_META_DNS_CAPTURE=true')) +
				log('info', configDump({ ENABLE_INBOUND_IPV6: 'true', DNS_CAPTURE: 'true' })) +
				log('info', 'Clean-state detected, new iptables are needed') +
				log('info', 'Applying iptables chains and rules') +
				log('info', `Running iptables restore with: iptables-restore and the following input:\n${V4_RESTORE}`) +
				log('info', `Running iptables restore with: ip6tables-restore and the following input:\n${V6_RESTORE}`) +
				log('info', 'Final iptables state (IPv4):\n') +
				log('info', 'Final iptables state (IPv6):\n') +
				log('info', 'skipping configuring routes due to dry run mode'),
		);
	});

	it('--log_output_level=default:warn hides the info lines', () => {
		const result = runIstioIptables(['-n', '--log_output_level=default:warn', '--redirect-dns'], { now: CLOCK, pod: { ...DEFAULT_POD_ENVIRONMENT, resolvConf: '' } });
		expect(result.stdout).toBe(log('warn', 'REDIRECT_DNS is set, but CAPTURE_ALL_DNS is false, and no DNS servers provided. DNS capture disabled.'));
	});
});

describe('real run: restore input handed to the namespace', () => {
	it('applies each family and logs the final iptables-save', () => {
		const ns = recordingNamespace();
		const result = runIstioIptables(INJECTED, { now: CLOCK, pod: IPV6_POD, netfilter: ns, binaries: { ipv4: 'iptables-nft', ipv6: 'ip6tables-nft' } });
		expect(ns.restored).toEqual([
			['ipv4', `${V4_RESTORE}\n`],
			['ipv6', `${V6_RESTORE}\n`],
		]);
		expect(result.stdout).toBe(
			log('info', ENVIRONMENT_DUMP) +
				log('info', configDump({ ENABLE_INBOUND_IPV6: 'true' })) +
				log('info', 'Clean-state detected, new iptables are needed') +
				log('info', 'Applying iptables chains and rules') +
				log('info', `Running iptables restore with: iptables-nft-restore and the following input:\n${V4_RESTORE}`) +
				log('info', `Running iptables restore with: ip6tables-nft-restore and the following input:\n${V6_RESTORE}`) +
				log('info', `Final iptables state (IPv4):\n${V4_RESTORE}\n`) +
				log('info', `Final iptables state (IPv6):\n${V6_RESTORE}\n`) +
				log('info', 'Added ::6 address on the loopback iface'),
		);
		expect({ exitCode: result.exitCode, applied: result.applied, routes: result.routes }).toEqual({
			exitCode: 0,
			applied: true,
			routes: [{ kind: 'address', family: 'ipv6', command: 'ip -6 addr add ::6/128 dev lo' }],
		});
	});

	it('TPROXY adds the policy routing for the mark', () => {
		const result = runIstioIptables(['-m', 'TPROXY', '-b', '*', '-t', '1337', '-r', '133'], { now: CLOCK, netfilter: recordingNamespace() });
		expect(result.routes).toEqual([
			{ kind: 'rule', family: 'ipv4', command: 'ip rule add fwmark 1337 lookup 133' },
			{ kind: 'route', family: 'ipv4', command: 'ip route add local 0.0.0.0/0 dev lo table 133' },
		]);
	});

	it('a failing iptables-restore: Istio\'s "Command error", the final state, then the joined error', () => {
		const stderr = "iptables-restore v1.8.9 (nf_tables): invalid port/service `abc' specified\nError occurred at line: 6\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n";
		const ns: NetfilterDependency = { save: () => '', restore: () => ({ exitCode: 2, stderr }) };
		const result = runIstioIptables([...INJECTED, '-p', 'abc'], { now: CLOCK, netfilter: ns });
		const restore = V4_RESTORE.replace('--to-ports 15001', '--to-ports abc');
		expect(result.stdout).toBe(
			log('info', ENVIRONMENT_DUMP) +
				log('info', configDump({ PROXY_PORT: 'abc' })) +
				log('info', 'Clean-state detected, new iptables are needed') +
				log('info', 'Applying iptables chains and rules') +
				log('info', `Running iptables restore with: iptables-nft-restore and the following input:\n${restore}`) +
				log(
					'error',
					"Command error: xtables parameter problem: invalid port/service `abc' specified\nError occurred at line: 6\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.",
				) +
				log('info', 'Final iptables state (IPv4):\n') +
				log('error', `exit status 2\n${stderr}`),
		);
		expect({ exitCode: result.exitCode, applied: result.applied }).toEqual({ exitCode: 1, applied: false });
	});

	it('an unparsable TPROXY route table fails after the rules were applied', () => {
		const result = runIstioIptables(['-m', 'TPROXY', '-b', '*', '-r', 'main'], { now: CLOCK, netfilter: recordingNamespace() });
		expect(result.stdout.endsWith(`${TS}\terror\tfailed to configure routes: failed to parse InboundTProxyRouteTable: strconv.Atoi: parsing "main": invalid syntax\n`)).toBe(true);
		expect({ exitCode: result.exitCode, applied: result.applied }).toEqual({ exitCode: 1, applied: true });
	});
});

describe('--run-validation --skip-rule-apply (istio-validation with istio-cni)', () => {
	const args = [...INJECTED, '--run-validation', '--skip-rule-apply'];

	it('passes when the probe reaches a listener', () => {
		const result = runIstioIptables(args, { now: CLOCK, validate: ({ server }) => server === '127.0.0.6:15002' });
		expect(result).toEqual({
			stdout:
				log('info', 'Starting iptables validation. This check verifies that iptables rules are properly established for the network.') +
				log('info', 'Listening on 127.0.0.1:15001') +
				log('info', 'Listening on 127.0.0.1:15006') +
				log('info', 'Validation passed, iptables rules established'),
			stderr: '',
			exitCode: 0,
			applied: false,
			config: expect.objectContaining({ skipRuleApply: true }),
		});
	});

	it('fails with exit code 126 when the node plugin did not program the pod', () => {
		const result = runIstioIptables(args, { now: CLOCK, validate: () => false });
		expect(result.stdout).toBe(
			log('info', 'Starting iptables validation. This check verifies that iptables rules are properly established for the network.') +
				log('info', 'Listening on 127.0.0.1:15001') +
				log('info', 'Listening on 127.0.0.1:15006') +
				log(
					'error',
					'iptables validation failed; workload is not ready for Istio.\n' +
						'When using Istio CNI, this can occur if a pod is scheduled before the node is ready.\n\n' +
						"If installed with 'cni.repair.deletePods=true', this pod should automatically be deleted and retry.\n" +
						'Otherwise, this pod will need to be manually removed so that it is scheduled on a node with istio-cni running, allowing iptables rules to be established.\n',
				),
		);
		expect(result.exitCode).toBe(126);
	});
});

describe('--help', () => {
	it('prints cobra help with the local flags', () => {
		const result = runIstioIptables(['--help', '--foo-is-not-reached-because-help-comes-first'], { now: CLOCK });
		// pflag stops at the unknown flag before cobra looks at --help.
		expect(result.exitCode).toBe(255);
		const help = runIstioIptables(['-h'], { now: CLOCK });
		expect(help).toEqual({
			stdout: `istio-iptables is responsible for setting up port forwarding for Istio Sidecar.

Usage:
  pilot-agent istio-iptables [flags]

Flags:
      --capture-all-dns                             Instead of only capturing DNS traffic to DNS server IP, capture all DNS traffic at port 53. This setting is only effective when redirect dns is enabled.
      --cleanup-only                                Perform a forced cleanup without creating new iptables chains or rules.
      --cni-mode                                    Whether to run as CNI plugin.
      --drop-invalid                                Enable invalid drop in the iptables rules.
  -n, --dry-run                                     Do not call any external dependencies like iptables.
      --dual-stack                                  Enable ipv4/ipv6 redirects for dual-stack.
  -p, --envoy-port string                           Specify the envoy port to which redirect all TCP traffic. (default "15001")
      --force-apply                                 Apply iptables changes even if they appear to already be in place.
      --force-iptables-binary string                Break glass option to choose which iptables binary to use.
  -h, --help                                        help for istio-iptables
  -z, --inbound-capture-port string                 Port to which all inbound TCP traffic to the pod/VM should be redirected to. (default "15006")
  -e, --inbound-tunnel-port string                  Specify the istio tunnel port for inbound tcp traffic. (default "15008")
      --iptables-probe-port uint16                  Set listen port for failure detection. (default 15002)
  -c, --istio-exclude-interfaces string             Comma separated list of NIC (optional). Neither inbound nor outbound traffic will be captured.
  -m, --istio-inbound-interception-mode string      The mode used to redirect inbound connections to Envoy, either "REDIRECT" or "TPROXY".
  -b, --istio-inbound-ports string                  Comma separated list of inbound ports for which traffic is to be redirected to Envoy (optional). The wildcard character "*" can be used to configure redirection for all ports. An empty list will disable.
  -t, --istio-inbound-tproxy-mark string             (default "1337")
  -r, --istio-inbound-tproxy-route-table string      (default "133")
  -d, --istio-local-exclude-ports string            Comma separated list of inbound ports to be excluded from redirection to Envoy (optional). Only applies when all inbound traffic (i.e. "*") is being redirected.
  -o, --istio-local-outbound-ports-exclude string   Comma separated list of outbound ports to be excluded from redirection to Envoy.
  -q, --istio-outbound-ports string                 Comma separated list of outbound ports to be explicitly included for redirection to Envoy.
  -i, --istio-service-cidr string                   Comma separated list of IP ranges in CIDR form to redirect to envoy (optional). The wildcard character "*" can be used to redirect all outbound traffic. An empty list will disable all outbound.
  -x, --istio-service-exclude-cidr string           Comma separated list of IP ranges in CIDR form to be excluded from redirection. Only applies when all  outbound traffic (i.e. "*") is being redirected.
  -k, --kube-virt-interfaces string                 Comma separated list of virtual interfaces whose inbound traffic (from VM) will be treated as outbound.
      --native-nftables                             Use native nftables instead of iptables rules.
      --network-namespace string                    The network namespace that iptables rules should be applied to.
      --probe-timeout duration                      Failure detection timeout. (default 5s)
  -g, --proxy-gid string                            Specify the GID of the user for which the redirection is not applied (same default value as -u param).
  -u, --proxy-uid string                            Specify the UID of the user for which the redirection is not applied. Typically, this is the UID of the proxy container.
      --reconcile                                   Reconcile pre-existing and incompatible iptables rules instead of failing if drift is detected.
      --redirect-dns                                Enable capture of dns traffic by istio-agent.
      --run-validation                              Validate iptables.
      --skip-rule-apply                             Skip iptables apply.
`,
			stderr: '',
			exitCode: 0,
			applied: false,
		});
	});
});
