// The BootstrapConfigDump: the pod's envoy-rev.json as Envoy parsed it (pilot-agent writes the
// file in proto-JSON with snake_case names; Envoy prints the Bootstrap proto back in camelCase,
// fields in declaration order, defaults dropped), plus what Envoy adds to the node itself: its
// user agent and build version. Istio 1.26.3 pins istio/proxy 11169ff1a27e…, built on Envoy's
// release/v1.34 branch as of 2025-07-21 (after 1.34.3, before 1.34.4), so the binary reports
// 1.34.4-dev. The `extensions` list Envoy also adds to the node (every extension compiled in) is
// not reproduced: no recording of that build's list exists to derive it from.

import { camelize, ordered, type Json, type Obj } from './proto';

export const PROXY_SHA = '11169ff1a27ea765dbb30dcd6b8491aed0d51879';

const BOOTSTRAP_ORDER = ['node', 'staticResources', 'dynamicResources', 'clusterManager', 'statsSinks', 'deferredStatOptions', 'statsConfig', 'tracing', 'layeredRuntime', 'admin', 'bootstrapExtensions', 'applicationLogConfig'];
const NODE_ORDER = ['id', 'cluster', 'metadata', 'locality', 'userAgentName', 'userAgentBuildVersion'];
export const CLUSTER_ORDER = ['transportSocketMatches', 'name', 'altStatName', 'type', 'edsClusterConfig', 'connectTimeout', 'lbPolicy', 'loadAssignment', 'maxRequestsPerConnection', 'circuitBreakers', 'typedExtensionProtocolOptions', 'upstreamConnectionOptions'];
const LISTENER_ORDER = ['name', 'address', 'filterChains', 'ignoreGlobalConnLimit', 'bypassOverloadManager'];
const API_CONFIG_ORDER = ['apiType', 'transportApiVersion', 'grpcServices', 'setNodeOnFirstMessageOnly'];

/** Fields whose value is the proto default: Envoy does not print them. */
const DEFAULTS: ReadonlyArray<readonly [string, Json]> = [
	['protocol', 'TCP'],
	['lbPolicy', 'ROUND_ROBIN'],
	['priority', 'DEFAULT'],
	['useAllDefaultTags', false],
	['codecType', 'AUTO'],
];

function dropDefaults(v: Json): Json {
	if (Array.isArray(v)) return v.map(dropDefaults);
	if (v === null || typeof v !== 'object') return v;
	const out: Obj = {};
	for (const [k, x] of Object.entries(v)) {
		if (DEFAULTS.some(([dk, dv]) => dk === k && dv === x)) continue;
		out[k] = dropDefaults(x);
	}
	// TagSpecifier: tag_name is declared before regex.
	if ('tagName' in out && 'regex' in out) return ordered(out, ['tagName', 'regex']);
	if ('apiType' in out) return ordered(out, API_CONFIG_ORDER);
	return out;
}

export function bootstrapConfig(envoyRev: string): Obj {
	const raw = JSON.parse(envoyRev) as Record<string, unknown>;
	const b = dropDefaults(camelize(raw)) as Obj;
	const node = ordered(
		{
			...(b.node as Obj),
			userAgentName: 'envoy',
			userAgentBuildVersion: {
				version: { majorNumber: 1, minorNumber: 34, patch: 4 },
				metadata: { 'build.label': 'dev', 'build.type': 'RELEASE', 'revision.sha': PROXY_SHA, 'revision.status': 'Clean', 'ssl.version': 'BoringSSL' },
			},
		},
		NODE_ORDER,
	);
	const statics = b.staticResources as Obj;
	const staticResources: Obj = {
		listeners: ((statics.listeners as Obj[] | undefined) ?? []).map((l) => ordered(l, LISTENER_ORDER)),
		clusters: ((statics.clusters as Obj[] | undefined) ?? []).map((c) => ordered(c, CLUSTER_ORDER)),
	};
	return ordered({ ...b, node, staticResources }, BOOTSTRAP_ORDER);
}
