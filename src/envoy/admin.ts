// Envoy 1.34's admin answers that are a function of the configuration plus a few live numbers:
// /listeners (source/server/admin/listeners_handler.cc), /clusters in its text form
// (clusters_handler.cc: observability name, circuit breakers per priority, added_via_api, the EDS
// service name, then per host its stats in name order and its fixed fields), /server_info
// (server_info_handler.cc, admin.v3.ServerInfo) and the text /stats (stats_render.cc: `name: value`
// sorted by name, `?filter=` an RE2 search). Pure: the caller passes the numbers it counted.
//
// Admin JSON is protobuf's JSON with preserve_proto_field_names (snake_case), fields in field-number
// order, pretty-printed with one space per level.

import { clusterEndpoints } from './match';
import type { Address, ConfigDump } from './types';
import { isObject, protoNameKeys, type JsonObject } from './json';

/** protobuf's add_whitespace printer: one space per level, `"key": value`. */
export const adminJson = (v: unknown): string => JSON.stringify(v, null, 1);

/** Network::Address::asString: `ip:port`, `[ip6]:port`, or the pipe's path. */
export function addressString(a: Address): string {
	if (a.kind === 'socket') return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
	if (a.kind === 'pipe') return a.path;
	if (a.kind === 'internal') return `envoy://${a.serverListenerName}/${a.endpointId}`;
	return '';
}

/** Active listeners: the bootstrap's static ones, then LDS's, as the listener manager added them. */
function activeListeners(dump: ConfigDump): { name: string; address: Address }[] {
	return (dump.listeners ?? []).map((l) => ({ name: l.name, address: l.address }));
}

export function listenersText(dump: ConfigDump): string {
	return activeListeners(dump).map((l) => `${l.name}::${addressString(l.address)}\n`).join('');
}

export function listenersJson(dump: ConfigDump): string {
	const statuses = activeListeners(dump).map((l) => ({ name: l.name, local_address: l.address.kind === 'socket' ? { socket_address: { address: l.address.address, port_value: l.address.port } } : l.address.kind === 'pipe' ? { pipe: { path: l.address.path } } : {} }));
	return adminJson({ listener_statuses: statuses });
}

/** Per host, what the world counted (Envoy's HostStats: counters and gauges). */
export interface HostCounts {
	readonly cx_active: number;
	readonly cx_connect_fail: number;
	readonly cx_total: number;
	readonly rq_active: number;
	readonly rq_error: number;
	readonly rq_success: number;
	readonly rq_timeout: number;
	readonly rq_total: number;
}

export const NO_COUNTS: HostCounts = { cx_active: 0, cx_connect_fail: 0, cx_total: 0, rq_active: 0, rq_error: 0, rq_success: 0, rq_timeout: 0, rq_total: 0 };

/** Envoy's ResourceManager defaults when a cluster sets no threshold for a priority. */
const CB_DEFAULT = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };

function thresholds(raw: JsonObject, priority: 'DEFAULT' | 'HIGH'): typeof CB_DEFAULT {
	const cb = isObject(raw['circuitBreakers']) ? raw['circuitBreakers'] : {};
	const list = Array.isArray(cb['thresholds']) ? cb['thresholds'] : [];
	const t = list.find((x) => isObject(x) && (x['priority'] ?? 'DEFAULT') === priority);
	const num = (k: keyof typeof CB_DEFAULT): number => (isObject(t) && typeof t[k] === 'number' ? t[k] : CB_DEFAULT[k]);
	return { maxConnections: num('maxConnections'), maxPendingRequests: num('maxPendingRequests'), maxRequests: num('maxRequests'), maxRetries: num('maxRetries') };
}

/**
 * /clusters as text. `extraHosts` are hosts Envoy created at run time (an ORIGINAL_DST cluster's
 * destinations of open connections); `counts` is keyed `cluster::ip:port`.
 */
export function clustersText(dump: ConfigDump, counts: ReadonlyMap<string, HostCounts>, extraHosts: ReadonlyMap<string, readonly Address[]> = new Map()): string {
	const out: string[] = [];
	for (const c of dump.clusters ?? []) {
		if (c.origin === 'warming') continue;
		const n = c.name;
		const alt = typeof c.raw['altStatName'] === 'string' ? c.raw['altStatName'] : n;
		out.push(`${n}::observability_name::${alt}`);
		for (const [label, p] of [['default', 'DEFAULT'], ['high', 'HIGH']] as const) {
			const t = thresholds(c.raw, p);
			out.push(`${n}::${label}_priority::max_connections::${t.maxConnections}`, `${n}::${label}_priority::max_pending_requests::${t.maxPendingRequests}`, `${n}::${label}_priority::max_requests::${t.maxRequests}`, `${n}::${label}_priority::max_retries::${t.maxRetries}`);
		}
		out.push(`${n}::added_via_api::${c.origin === 'dynamic' ? 'true' : 'false'}`);
		const eds = isObject(c.raw['edsClusterConfig']) ? c.raw['edsClusterConfig']['serviceName'] : undefined;
		if (typeof eds === 'string' && eds !== '') out.push(`${n}::eds_service_name::${eds}`);
		const la = clusterEndpoints(dump, c);
		const none = { region: '', zone: '', subZone: '' };
		const hosts = [...(la?.localities ?? []).flatMap((l) => l.endpoints.map((e) => ({ address: e.address, weight: e.weight, locality: l.locality }))), ...(extraHosts.get(n) ?? []).map((address) => ({ address, weight: 1, locality: none }))];
		for (const h of hosts) {
			const a = addressString(h.address);
			const k = counts.get(`${n}::${a}`) ?? NO_COUNTS;
			for (const [stat, v] of Object.entries(k).sort(([x], [y]) => (x < y ? -1 : 1))) out.push(`${n}::${a}::${stat}::${v}`);
			out.push(
				`${n}::${a}::hostname::`,
				`${n}::${a}::health_flags::healthy`,
				`${n}::${a}::weight::${h.weight}`,
				`${n}::${a}::region::${h.locality.region}`,
				`${n}::${a}::zone::${h.locality.zone}`,
				`${n}::${a}::sub_zone::${h.locality.subZone}`,
				`${n}::${a}::canary::false`,
				`${n}::${a}::priority::0`,
				`${n}::${a}::success_rate::-1`,
				`${n}::${a}::local_origin_success_rate::-1`,
			);
		}
	}
	return out.map((l) => `${l}\n`).join('');
}

/** What /server_info needs besides the dump. */
export interface ServerInfoInput {
	/** Envoy's argv (the world's envoy process). */
	readonly argv: readonly string[];
	readonly uptimeSeconds: number;
}

/** Envoy's default --log-format (spdlog pattern) when pilot-agent passes none (Istio >= 1.22). */
const DEFAULT_LOG_FORMAT = '[%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v';

/**
 * admin.v3.ServerInfo with always_print_primitive_fields: the version string Envoy builds from its
 * build metadata (`sha/version/status/type/ssl`), the command line options (every field, in
 * field-number order) parsed from the argv pilot-agent starts Envoy with, and the bootstrap node.
 */
export function serverInfo(dump: ConfigDump, input: ServerInfoInput): string {
	const argv = input.argv;
	const opt = (long: string, short?: string): string | undefined => {
		const i = argv.findIndex((a) => a === long || (short !== undefined && a === short));
		return i < 0 ? undefined : argv[i + 1];
	};
	const has = (flag: string): boolean => argv.includes(flag);
	const boot = isObject(dump.bootstrap?.raw['bootstrap']) ? (dump.bootstrap?.raw['bootstrap'] as JsonObject) : {};
	const node = isObject(boot['node']) ? boot['node'] : {};
	const ubv = isObject(node['userAgentBuildVersion']) ? node['userAgentBuildVersion'] : {};
	const ver = isObject(ubv['version']) ? ubv['version'] : {};
	const meta = isObject(ubv['metadata']) ? ubv['metadata'] : {};
	const m = (k: string): string => (typeof meta[k] === 'string' ? (meta[k] as string) : '');
	const label = m('build.label');
	const number = `${Number(ver['majorNumber'] ?? 0)}.${Number(ver['minorNumber'] ?? 0)}.${Number(ver['patch'] ?? 0)}${label !== '' ? `-${label}` : ''}`;
	const version = `${m('revision.sha')}/${number}/${m('revision.status')}/${m('build.type')}/${m('ssl.version')}`;
	const seconds = (s: string | undefined, fallback: number): string => `${s === undefined ? fallback : Number(s)}s`;
	const flushMs = Number(opt('--file-flush-interval-msec') ?? 10000);
	const drain = opt('--drain-strategy');
	const options = {
		base_id: '0',
		concurrency: Number(opt('--concurrency') ?? 0),
		config_path: opt('--config-path', '-c') ?? '',
		config_yaml: '',
		allow_unknown_static_fields: has('--allow-unknown-static-fields'),
		admin_address_path: '',
		local_address_ip_version: opt('--local-address-ip-version') ?? 'v4',
		log_level: opt('--log-level', '-l') ?? 'info',
		component_log_level: opt('--component-log-level') ?? '',
		log_format: opt('--log-format') ?? DEFAULT_LOG_FORMAT,
		log_path: '',
		service_cluster: '',
		service_node: '',
		service_zone: '',
		file_flush_interval: flushMs % 1000 === 0 ? `${flushMs / 1000}s` : `${(flushMs / 1000).toFixed(3)}s`,
		drain_time: seconds(opt('--drain-time-s'), 600),
		parent_shutdown_time: seconds(opt('--parent-shutdown-time-s'), 900),
		mode: 'Serve',
		disable_hot_restart: has('--disable-hot-restart'),
		enable_mutex_tracing: false,
		restart_epoch: 0,
		cpuset_threads: false,
		reject_unknown_dynamic_fields: false,
		log_format_escaped: false,
		disabled_extensions: [],
		ignore_unknown_dynamic_fields: false,
		use_dynamic_base_id: false,
		base_id_path: '',
		drain_strategy: drain === 'immediate' ? 'Immediate' : 'Gradual',
		enable_fine_grain_logging: false,
		socket_path: '@envoy_domain_socket',
		socket_mode: 0,
		enable_core_dump: false,
		stats_tag: [],
		skip_hot_restart_on_no_parent: false,
		skip_hot_restart_parent_stats: false,
		skip_deprecated_logs: has('--skip-deprecated-logs'),
	};
	const up = `${Math.max(0, Math.floor(input.uptimeSeconds))}s`;
	return adminJson({ version, state: 'LIVE', uptime_current_epoch: up, uptime_all_epochs: up, hot_restart_version: has('--disable-hot-restart') ? 'disabled' : '11.104', command_line_options: options, node: protoNameKeys(node, 'node') });
}

export type StatsResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/**
 * The text /stats: every `name: value`, sorted by name; `filter` keeps the names the regular
 * expression finds (RE2 partial match). An expression that does not compile is Envoy's 400.
 */
export function statsText(stats: ReadonlyMap<string, number>, filter?: string): StatsResult {
	let re: RegExp | undefined;
	if (filter !== undefined && filter !== '') {
		try {
			re = new RegExp(filter);
		} catch {
			return { ok: false, error: `Invalid re2 regex` };
		}
	}
	const names = [...stats.keys()].filter((n) => re === undefined || re.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	return { ok: true, text: names.map((n) => `${n}: ${stats.get(n) ?? 0}\n`).join('') };
}
