// `istioctl proxy-config listener|cluster|route` on the real Istio 1.10 details-v1 dump, whole
// outputs. Rows follow the derivation in the reference MANIFEST ("Listener rows these dumps
// should produce"); where istioctl's unstable sort decides the order (the 13 chains of 15006,
// route configs with non-numeric names) the order was checked against Go's sort.Slice
// (fixtures/README.md). Large tables live in expected/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIstioctl, type IstioctlProvider } from '../../../../src/commands/istioctl';
import { podNotFound } from '../../../../src/commands/istioctl/provider';

const ROOT = join(__dirname, '../../../..');
const DUMP = 'tests/conformance/istioctl/testdata/envoy-config-dumps/istio-1.10.0_details-v1_config_dump.json';
const DUMP_TEXT = readFileSync(join(ROOT, DUMP), 'utf8');
const POD = 'details-v1-79f774bdb9-6hxw6';

const provider: IstioctlProvider = {
	istioVersion: '1.26.3',
	defaultNamespace: 'default',
	now: () => Date.UTC(2025, 7, 20),
	configDump: (p) => (p.name === POD && p.namespace === 'default' ? { ok: true, text: DUMP_TEXT } : podNotFound(p)),
	readFile: (path) => {
		try {
			return { ok: true, text: readFileSync(join(ROOT, path), 'utf8') };
		} catch {
			return { ok: false, error: `open ${path}: no such file or directory` };
		}
	},
};

const run = (line: string) => runIstioctl(line.split(' '), provider);
const expected = (name: string): string => readFileSync(join(__dirname, 'expected', name), 'utf8');
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('pc listener', () => {
	it.each([
		['pc listener POD (verbose by default)', `pc listener ${POD}`, expected('details-v1_listener.txt')],
		['the same from -f', `proxy-config listeners -f ${DUMP}`, expected('details-v1_listener.txt')],
		['--verbose=false', `pc l ${POD}.default --verbose=false`, expected('details-v1_listener_verbose-false.txt')],
		[
			'--port 15006: the virtualInbound chains',
			`pc listener ${POD} --port 15006`,
			[
				'ADDRESSES PORT  MATCH                                                                                           DESTINATION',
				'0.0.0.0   15006 Addr: *:15006                                                                                   Non-HTTP/Non-TCP',
				'0.0.0.0   15006 Trans: raw_buffer; Addr: ::0/0                                                                  InboundPassthroughClusterIpv6',
				'0.0.0.0   15006 Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2; Addr: ::0/0                            InboundPassthroughClusterIpv6',
				'0.0.0.0   15006 Trans: raw_buffer; App: HTTP; Addr: ::0/0                                                       InboundPassthroughClusterIpv6',
				'0.0.0.0   15006 Trans: tls; App: TCP TLS; Addr: ::0/0                                                           InboundPassthroughClusterIpv6',
				'0.0.0.0   15006 Trans: tls; Addr: ::0/0                                                                         InboundPassthroughClusterIpv6',
				'0.0.0.0   15006 Trans: raw_buffer; App: HTTP; Addr: 0.0.0.0/0                                                   InboundPassthroughClusterIpv4',
				'0.0.0.0   15006 Trans: tls; App: TCP TLS; Addr: 0.0.0.0/0                                                       InboundPassthroughClusterIpv4',
				'0.0.0.0   15006 Trans: raw_buffer; Addr: 0.0.0.0/0                                                              InboundPassthroughClusterIpv4',
				'0.0.0.0   15006 Trans: tls; Addr: 0.0.0.0/0                                                                     InboundPassthroughClusterIpv4',
				'0.0.0.0   15006 Trans: tls; App: istio-http/1.0,istio-http/1.1,istio-h2; Addr: 0.0.0.0/0                        InboundPassthroughClusterIpv4',
				'0.0.0.0   15006 Trans: tls; App: istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2; Addr: *:9080 Cluster: inbound|9080||',
				'0.0.0.0   15006 Trans: raw_buffer; Addr: *:9080                                                                 Cluster: inbound|9080||',
				'',
			].join('\n'),
		],
		['--port 15001', `pc listener ${POD} --port 15001`, 'ADDRESSES PORT  MATCH         DESTINATION\n0.0.0.0   15001 ALL           PassthroughCluster\n0.0.0.0   15001 Addr: *:15001 Non-HTTP/Non-TCP\n'],
		['--port 9080', `pc listener ${POD} --port 9080`, 'ADDRESSES PORT MATCH                        DESTINATION\n0.0.0.0   9080 Trans: raw_buffer; App: HTTP Route: 9080\n0.0.0.0   9080 ALL                          PassthroughCluster\n'],
		['--port 15021 and 15090 (static listeners)', `pc listener ${POD} --address 0.0.0.0 --type http`, 'ADDRESSES PORT  MATCH DESTINATION\n0.0.0.0   15021 ALL   Inline Route: /healthz/ready*\n0.0.0.0   15090 ALL   Inline Route: /stats/prometheus*\n'],
		[
			'--address and --type (case-insensitive)',
			`pc listener ${POD} --address 10.96.132.134 --type tcp`,
			'ADDRESSES     PORT  MATCH DESTINATION\n10.96.132.134 443   ALL   Cluster: outbound|443||istio-ingressgateway.istio-system.svc.cluster.local\n10.96.132.134 15443 ALL   Cluster: outbound|15443||istio-ingressgateway.istio-system.svc.cluster.local\n10.96.132.134 31400 ALL   Cluster: outbound|31400||istio-ingressgateway.istio-system.svc.cluster.local\n',
		],
		['--type HTTP --verbose=false', `pc listeners ${POD} --type HTTP --verbose=false`, 'ADDRESSES PORT  TYPE\n0.0.0.0   15021 HTTP\n0.0.0.0   15090 HTTP\n'],
		['a filter nothing matches: the header only', `pc listener ${POD} --port 1`, 'ADDRESSES PORT MATCH DESTINATION\n'],
	])('%s', (_name, line, out) => {
		expect(run(line)).toEqual(ok(out));
	});
});

describe('pc cluster', () => {
	it.each([
		['everything', `pc cluster ${POD}`, expected('details-v1_cluster.txt')],
		[
			'--fqdn (substring)',
			`pc clusters ${POD} --fqdn istiod`,
			'SERVICE FQDN                              PORT      SUBSET     DIRECTION     TYPE     DESTINATION RULE\nistiod.istio-system.svc.cluster.local     443       -          outbound      EDS      \nistiod.istio-system.svc.cluster.local     15010     -          outbound      EDS      \nistiod.istio-system.svc.cluster.local     15012     -          outbound      EDS      \nistiod.istio-system.svc.cluster.local     15014     -          outbound      EDS      \n',
		],
		[
			'--port: inbound|9080|| has an empty SERVICE FQDN and sorts first',
			`pc c ${POD} --port 9080`,
			'SERVICE FQDN                              PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE\n                                          9080     -          inbound       ORIGINAL_DST     \ndetails.default.svc.cluster.local         9080     -          outbound      EDS              \nproductpage.default.svc.cluster.local     9080     -          outbound      EDS              \nratings.default.svc.cluster.local         9080     -          outbound      EDS              \nreviews.default.svc.cluster.local         9080     -          outbound      EDS              \n',
		],
		['--direction inbound', `pc cluster ${POD} --direction inbound`, 'SERVICE FQDN     PORT     SUBSET     DIRECTION     TYPE             DESTINATION RULE\n                 9080     -          inbound       ORIGINAL_DST     \n'],
		['--subset with no subset clusters: the header only', `pc cluster ${POD} --subset v1`, 'SERVICE FQDN     PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE\n'],
		[
			'--fqdn and --port together',
			`pc cluster ${POD} --fqdn kube-dns --port 53`,
			'SERVICE FQDN                               PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE\nkube-dns.kube-system.svc.cluster.local     53       -          outbound      EDS      \n',
		],
	])('%s', (_name, line, out) => {
		expect(run(line)).toEqual(ok(out));
	});

	it('subsets and DestinationRules: SUBSET column and `name.namespace`', () => {
		const dump = JSON.parse(DUMP_TEXT) as { configs: { '@type': string; dynamicActiveClusters?: { cluster: Record<string, unknown> }[] }[] };
		const section = dump.configs.find((c) => c['@type'].endsWith('ClustersConfigDump'));
		const dr = { filterMetadata: { istio: { config: '/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews' } } };
		section?.dynamicActiveClusters?.push(
			{ cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'outbound|9080|v2|reviews.default.svc.cluster.local', type: 'EDS', metadata: dr } },
			{ cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'outbound|9080|v1|reviews.default.svc.cluster.local', type: 'EDS', metadata: dr } },
			{ cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'outbound|9080|v1|ratings.default.svc.cluster.local', type: 'EDS', metadata: { filterMetadata: { istio: { config: '/apis/other/x' } } } } },
		);
		const p: IstioctlProvider = { ...provider, configDump: () => ({ ok: true, text: JSON.stringify(dump) }) };
		// --subset is a substring of the whole name: `v` would also match `svc`.
		expect(runIstioctl(['pc', 'cluster', POD, '--subset', 'v1'], p)).toEqual(
			ok(
				[
					'SERVICE FQDN                          PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
					'ratings.default.svc.cluster.local     9080     v1         outbound      EDS      <unknown>',
					'reviews.default.svc.cluster.local     9080     v1         outbound      EDS      reviews.default',
					'',
				].join('\n'),
			),
		);
		expect(runIstioctl(['pc', 'cluster', POD, '--fqdn', 'reviews', '--port', '9080'], p)).toEqual(
			ok(
				[
					'SERVICE FQDN                          PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
					'reviews.default.svc.cluster.local     9080     -          outbound      EDS      ',
					'reviews.default.svc.cluster.local     9080     v1         outbound      EDS      reviews.default',
					'reviews.default.svc.cluster.local     9080     v2         outbound      EDS      reviews.default',
					'',
				].join('\n'),
			),
		);
	});
});

describe('pc route and bootstrap', () => {
	it('pc route: RDS and inline route configs, PassthroughCluster routes left out', () => {
		expect(run(`pc route ${POD}`)).toEqual(ok(expected('details-v1_route.txt')));
	});
	it('pc route --name 9080 --verbose=false', () => {
		expect(run(`pc r ${POD} --name 9080 --verbose=false`)).toEqual(ok('NAME     VIRTUAL HOSTS\n9080     5\n'));
	});
	it('pc bootstrap -o short', () => {
		expect(run(`pc b ${POD} -o short`)).toEqual(ok('Istio Version:       1.10.0\nIstio Proxy Version: 436f365a8007cd8a13a9f1321e7cce94bcc8883e\nEnvoy Version:       1.18.3/Clean/RELEASE/BoringSSL\n'));
	});
	it('pc endpoint without a /clusters recording: derived from the dump', () => {
		expect(run(`pc ep ${POD} --port 15000`)).toEqual(ok('ENDPOINT            STATUS      OUTLIER CHECK     CLUSTER\n127.0.0.1:15000     HEALTHY     OK                prometheus_stats\n'));
	});
});

describe('errors as istioctl prints them', () => {
	it.each([
		['unknown flag (exit 64)', `pc listener ${POD} --bogus`, 'Error: unknown flag: --bogus\n', 64],
		['unknown shorthand', `pc listener ${POD} -z`, "Error: unknown shorthand flag: 'z' in -z\n", 64],
		['a flag without its value', `pc cluster ${POD} --fqdn`, 'Error: flag needs an argument: --fqdn\n', 64],
		['a bad integer', `pc cluster ${POD} --port x`, 'Error: invalid argument "x" for "--port" flag: strconv.ParseInt: parsing "x": invalid syntax\n', 64],
		['invalid output format', `pc cluster ${POD} -o wide`, 'Error: output format "wide" not supported\n', 1],
		['pod not found', 'pc listener nosuch', 'Error: failed to execute command on nosuch.default sidecar: failure running port forward process: port forward: error upgrading connection: pods "nosuch" not found\n', 1],
		['pod in another namespace', `pc listener ${POD} -n istio-system`, `Error: failed to execute command on ${POD}.istio-system sidecar: failure running port forward process: port forward: error upgrading connection: pods "${POD}" not found\n`, 1],
		['no such file', 'pc listener -f /nope.json', 'Error: open /nope.json: no such file or directory\n', 1],
		['unknown command', 'proxy-confg', 'Error: unknown command "proxy-confg" for "istioctl"\n\nDid you mean this?\n\tproxy-config\n\nRun \'istioctl --help\' for usage.\n', 64],
	])('%s', (_name, line, stderr, exitCode) => {
		expect(run(line)).toEqual({ stdout: '', stderr, exitCode });
	});

	it('missing pod: the usage, then the error (exit 1)', () => {
		const r = run('pc listener');
		expect(r.exitCode).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(`${run('pc listener --help').stdout.replace(/^[^\n]*\n\n/, '')}\nError: listener requires pod name or --file parameter\n`);
	});

	it('a malformed dump names the JSON path', () => {
		const bad = DUMP_TEXT.replace('"portValue": 15001', '"portValue": "x"');
		const p: IstioctlProvider = { ...provider, configDump: () => ({ ok: true, text: bad }) };
		const r = runIstioctl(['pc', 'listener', POD], p);
		expect(r).toEqual({ stdout: '', stderr: 'Error: error unmarshalling config dump response from Envoy: configs[2].dynamicListeners[14].activeState.listener.address.socketAddress.portValue: expected a number, got "x"\n', exitCode: 1 });
	});
});

describe('help and version', () => {
	it('pc listener --help', () => {
		expect(run('pc listener --help').stdout).toBe(
			[
				'Retrieve information about listener configuration for the Envoy instance in the specified pod.',
				'',
				'Usage:',
				'  istioctl proxy-config listener [<type>/]<name>[.<namespace>] [flags]',
				'',
				'Aliases:',
				'  listener, listeners, l',
				'',
				'Examples:',
				'  # Retrieve summary about listener configuration for a given pod from Envoy.',
				'  istioctl proxy-config listeners <pod-name[.namespace]>',
				'',
				'  # Retrieve summary about listener configuration a pod under a deployment from Envoy.',
				'  istioctl proxy-config deployment/<deployment-name[.namespace]>',
				'',
				'  # Retrieve listener summary for listeners with port 9080.',
				'  istioctl proxy-config listeners <pod-name[.namespace]> --port 9080',
				'',
				'  # Retrieve full listener dump for HTTP listeners with a wildcard address (0.0.0.0).',
				'  istioctl proxy-config listeners <pod-name[.namespace]> --type HTTP --address 0.0.0.0 -o json',
				'',
				'  # Retrieve listener summary without using Kubernetes API',
				"  ssh <user@hostname> 'curl localhost:15000/config_dump' > envoy-config.json",
				'  istioctl proxy-config listeners --file envoy-config.json',
				'',
				'',
				'Flags:',
				'      --address string   Filter listeners by address field',
				'  -f, --file string      Envoy config dump JSON file',
				'  -h, --help             help for listener',
				'  -o, --output string    Output format: one of json|yaml|short (default "short")',
				'      --port int         Filter listeners by Port field',
				'      --type string      Filter listeners by type field',
				'      --verbose          Output more information (default true)',
				'',
				'Global Flags:',
				'      --as string               Username to impersonate for the operation. User could be a regular user or a service account in a namespace',
				'      --as-group stringArray    Group to impersonate for the operation, this flag can be repeated to specify multiple groups.',
				'      --as-uid string           UID to impersonate for the operation.',
				'      --context string          Kubernetes configuration context',
				'  -i, --istioNamespace string   Istio system namespace (default "istio-system")',
				'  -c, --kubeconfig string       Kubernetes configuration file',
				'  -n, --namespace string        Kubernetes namespace',
				'      --proxy-admin-port int    Envoy proxy admin port (default 15000)',
				'      --vklog Level             number for the log level verbosity. Like -v flag. ex: --vklog=9',
				'',
			].join('\n'),
		);
	});

	it('--with-headers does not exist before istioctl 1.29', () => {
		expect(run(`pc all ${POD} --with-headers`)).toEqual({ stdout: '', stderr: 'Error: unknown flag: --with-headers\n', exitCode: 64 });
	});

	it('version', () => {
		const p: IstioctlProvider = { ...provider, controlPlaneVersion: () => '1.26.3', dataPlaneVersions: () => [{ version: '1.26.3', count: 7 }] };
		expect(runIstioctl(['version'], p)).toEqual(ok('client version: 1.26.3\ncontrol plane version: 1.26.3\ndata plane version: 1.26.3 (7 proxies)\n'));
		expect(runIstioctl(['version', '--remote=false'], p)).toEqual(ok('client version: 1.26.3\n'));
	});

	it('proxy-status', () => {
		const row = (proxy: string) => ({ proxy, cluster: 'Kubernetes', cds: 'SYNCED (2m)', lds: 'SYNCED (2m)', eds: 'SYNCED (2m)', rds: 'SYNCED (2m)', ecds: 'IGNORED', istiod: 'istiod-7d4f9b8c6d-x2x9k', version: '1.26.3' });
		const p: IstioctlProvider = { ...provider, proxyStatus: () => [row('reviews-v1-5b5d6494f4-pt9nz.default'), row('details-v1-6f8d6cb4c5-6bmvr.default')] };
		expect(runIstioctl(['ps'], p)).toEqual(
			ok(
				[
					'NAME                                    CLUSTER        CDS             LDS             EDS             RDS             ECDS        ISTIOD                      VERSION',
					'details-v1-6f8d6cb4c5-6bmvr.default     Kubernetes     SYNCED (2m)     SYNCED (2m)     SYNCED (2m)     SYNCED (2m)     IGNORED     istiod-7d4f9b8c6d-x2x9k     1.26.3',
					'reviews-v1-5b5d6494f4-pt9nz.default     Kubernetes     SYNCED (2m)     SYNCED (2m)     SYNCED (2m)     SYNCED (2m)     IGNORED     istiod-7d4f9b8c6d-x2x9k     1.26.3',
					'',
				].join('\n'),
			),
		);
	});
});
