// What the sidecar's own servers answer: Envoy's admin (127.0.0.1:15000), its Prometheus
// listener (15090) and health listener (15021, routed to pilot-agent), and pilot-agent's status
// server (15020). Numbers come from the world: uptimes from the processes' start, connection
// counters from what the lab's commands did (World.metrics) plus the kubelet's readiness probes.
//
// Envoy's admin answers /listeners, /clusters, /server_info and /stats from the pod's config dump
// (src/envoy/admin.ts) and the stats the request walk counted (src/mesh/walk.ts); /stats keeps only
// what the bootstrap's stats_matcher lets Envoy create, as a real sidecar does.

import { clustersText, listenersJson, listenersText, serverInfo, statsText, NO_COUNTS, type HostCounts } from '../../envoy/admin';
import type { Address } from '../../envoy';
import { envoyAdminDump, isObject, type Json } from '../../envoy/json';
import { dumpOf } from '../../mesh/envoy';
import { HOST_STAT } from '../../mesh/walk';
import type { Pod, World } from '../../world/types';
import { envoyAdmin, goHttp, reasonOf, httpDate, viaEnvoy, type HttpRequest, type HttpResponse } from './http';

/** Why there is no answer to show. */
export type Unmodelled = { readonly kind: 'unmodelled'; readonly what: string };

export type Answer = HttpResponse | Unmodelled | { readonly kind: 'empty' };

/** The kubelet probes istio-proxy's readiness (15021) every 15 s (the injected probe's period). */
const PROBE_PERIOD_MS = 15_000;

const pathOnly = (p: string): string => p.split('?')[0] ?? '/';

function startOf(world: World, pod: Pod, comm: string): number | undefined {
	return world.processes.find((p) => p.container?.pod === pod.key && p.comm === comm)?.startedAt;
}

/** `<pod key> name{labels}` -> value, for one pod. */
function metricsOf(world: World, pod: Pod): Map<string, number> {
	const out = new Map<string, number>();
	for (const [k, v] of Object.entries(world.metrics ?? {})) if (k.startsWith(`${pod.key} `)) out.set(k.slice(pod.key.length + 1), v);
	return out;
}

export const listenerMetric = (port: number): string => `envoy_listener_downstream_cx_total{envoy_listener_address="0.0.0.0_${port}"}`;

/** Envoy's /stats/prometheus: counters, then gauges, each family sorted by name. */
export function envoyPrometheus(world: World, pod: Pod, now: number): string {
	const started = startOf(world, pod, 'envoy') ?? world.builtAt;
	const counted = metricsOf(world, pod);
	const probes = Math.max(0, Math.floor((now - started) / PROBE_PERIOD_MS));
	const total = (port: number, base = 0): number => base + (counted.get(listenerMetric(port)) ?? 0);
	const sockets = world.netns[pod.netns]?.sockets ?? [];
	const envoyPids = new Set(world.processes.filter((p) => p.container?.pod === pod.key && p.comm === 'envoy').map((p) => p.pid));
	const active = (port: number): number => sockets.filter((s) => s.kind === 'inet' && s.state === 'ESTABLISHED' && s.local.port === port && s.refs.some((r) => envoyPids.has(r.pid)) && s.label.endsWith('/accepted')).length;
	const ports = [15001, 15006, 15021, 15090];
	const lines: string[] = [];
	lines.push('# TYPE envoy_listener_downstream_cx_total counter');
	for (const p of ports) lines.push(`envoy_listener_downstream_cx_total{envoy_listener_address="0.0.0.0_${p}"} ${total(p, p === 15021 ? probes : 0)}`);
	lines.push('# TYPE envoy_listener_downstream_cx_active gauge');
	for (const p of ports) lines.push(`envoy_listener_downstream_cx_active{envoy_listener_address="0.0.0.0_${p}"} ${active(p)}`);
	lines.push('# TYPE envoy_server_concurrency gauge', 'envoy_server_concurrency{} 2');
	lines.push('# TYPE envoy_server_live gauge', 'envoy_server_live{} 1');
	lines.push('# TYPE envoy_server_state gauge', 'envoy_server_state{} 0');
	lines.push('# TYPE envoy_server_uptime gauge', `envoy_server_uptime{} ${Math.max(0, Math.floor((now - started) / 1000))}`);
	lines.push('# TYPE istio_build gauge', `istio_build{component="proxy",tag="${pod.sidecar?.istioVersion ?? ''}"} 1`);
	return `${lines.join('\n')}\n`;
}

/** pilot-agent's merged /stats/prometheus: Envoy's istio_* and server series, then its own. */
function agentPrometheus(world: World, pod: Pod, now: number): string {
	const agent = [
		'# HELP istio_build Istio component build info',
		'# TYPE istio_build gauge',
		`istio_build{component="pilot-agent",tag="${pod.sidecar?.istioVersion ?? ''}"} 1`,
	];
	return `${envoyPrometheus(world, pod, now)}${agent.join('\n')}\n`;
}

/** Envoy's router when no route matches: 404 with an empty body. */
function envoyNoRoute(now: number): HttpResponse {
	return { version: '1.1', status: 404, reason: reasonOf(404), headers: [['date', httpDate(now)], ['server', 'envoy'], ['content-length', '0']], body: '' };
}

/**
 * Envoy's admin server. /ready and /stats/prometheus are derived from the world; /config_dump is
 * the scenario's recording when it has one. Everything else (/listeners, /clusters, /stats, the
 * help page an unknown path gets) needs the Envoy configuration model, the next step: the lab says
 * so rather than invent it.
 */
export function envoyAdminAnswer(world: World, pod: Pod, req: HttpRequest, now: number): Answer {
	const path = pathOnly(req.path);
	if (path === '/ready') return envoyAdmin(200, 'text/plain; charset=UTF-8', 'LIVE\n', now);
	if (path === '/stats/prometheus') return envoyAdmin(200, 'text/plain; charset=UTF-8', envoyPrometheus(world, pod, now), now);
	const text = pod.sidecar?.configDump;
	const query = new URLSearchParams(req.path.includes('?') ? req.path.slice(req.path.indexOf('?') + 1) : '');
	// The scenario's dump is /config_dump?include_eds: without the parameter Envoy leaves EDS out.
	if (path === '/config_dump' && text !== undefined) return envoyAdmin(200, 'application/json', adminDump(text, query.has('include_eds')), now);
	const dump = dumpOf(text);
	if (dump === undefined) return { kind: 'unmodelled', what: `Envoy admin ${path}` };
	const json = query.get('format') === 'json';
	if (path === '/listeners') return json ? envoyAdmin(200, 'application/json', listenersJson(dump), now) : envoyAdmin(200, 'text/plain; charset=UTF-8', listenersText(dump), now);
	if (path === '/clusters' && !json) return envoyAdmin(200, 'text/plain; charset=UTF-8', clustersText(dump, hostCounts(world, pod), originalDstHosts(world, pod)), now);
	if (path === '/server_info') {
		const envoy = world.processes.find((p) => p.container?.pod === pod.key && p.comm === 'envoy');
		return envoyAdmin(200, 'application/json', serverInfo(dump, { argv: envoy?.argv ?? [], uptimeSeconds: (now - (envoy?.startedAt ?? world.builtAt)) / 1000 }), now);
	}
	if (path === '/stats' && query.get('format') === 'prometheus') return envoyAdmin(200, 'text/plain; charset=UTF-8', envoyPrometheus(world, pod, now), now);
	if (path === '/stats') {
		const r = statsText(envoyStats(world, pod, now), query.get('filter') ?? undefined);
		return r.ok ? envoyAdmin(200, 'text/plain; charset=UTF-8', r.text, now) : envoyAdmin(400, 'text/plain; charset=UTF-8', r.error, now);
	}
	return { kind: 'unmodelled', what: `Envoy admin ${path}` };
}

/** The last few answers by dump text and EDS choice: a pod's dump never changes, so this is pure. */
const ADMIN_DUMPS = new Map<string, string>();

/**
 * The dump as Envoy's admin server prints it (proto field names such as `dynamic_listeners`, one
 * space per level, src/envoy/json.ts), without its EndpointsConfigDump unless `?include_eds`.
 */
function adminDump(text: string, includeEds: boolean): string {
	const key = `${includeEds ? 'eds' : 'no-eds'}\n${text}`;
	const known = ADMIN_DUMPS.get(key);
	if (known !== undefined) return known;
	const made = printDump(text, includeEds);
	if (ADMIN_DUMPS.size >= 8) ADMIN_DUMPS.delete(ADMIN_DUMPS.keys().next().value ?? '');
	ADMIN_DUMPS.set(key, made);
	return made;
}

function printDump(text: string, includeEds: boolean): string {
	let d: unknown;
	try {
		d = JSON.parse(text);
	} catch {
		return text;
	}
	if (!isObject(d) || !Array.isArray(d['configs'])) return text;
	const configs = (d['configs'] as readonly Json[]).filter((c) => includeEds || !isObject(c) || c['@type'] !== 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump');
	return envoyAdminDump({ ...d, configs });
}

const envoyPidsOf = (world: World, pod: Pod): Set<number> => new Set(world.processes.filter((p) => p.container?.pod === pod.key && p.comm === 'envoy').map((p) => p.pid));

/** Per `cluster::ip:port`, the host stats the walk counted, with cx_active from the open pooled connections. */
function hostCounts(world: World, pod: Pod): Map<string, HostCounts> {
	const out = new Map<string, HostCounts>();
	for (const [k, v] of metricsOf(world, pod)) {
		if (!k.startsWith(HOST_STAT)) continue;
		const rest = k.slice(HOST_STAT.length);
		const cut = rest.lastIndexOf('::');
		const key = rest.slice(0, cut);
		const stat = rest.slice(cut + 2) as keyof HostCounts;
		out.set(key, { ...(out.get(key) ?? NO_COUNTS), [stat]: v });
	}
	for (const p of world.envoyPools ?? []) {
		if (p.pod !== pod.key) continue;
		const key = `${p.cluster}::${p.host.address}:${p.host.port}`;
		const c = out.get(key) ?? NO_COUNTS;
		out.set(key, { ...c, cx_active: c.cx_active + 1 });
	}
	return out;
}

/** ORIGINAL_DST clusters create a host per destination while connections to it are open. */
function originalDstHosts(world: World, pod: Pod): Map<string, Address[]> {
	const out = new Map<string, Address[]>();
	for (const p of world.envoyPools ?? []) {
		if (p.pod !== pod.key || !(p.cluster.startsWith('inbound|') || p.cluster.includes('Passthrough'))) continue;
		const list = out.get(p.cluster) ?? [];
		if (!list.some((a) => a.kind === 'socket' && a.address === p.host.address && a.port === p.host.port)) list.push({ kind: 'socket', address: p.host.address, port: p.host.port, protocol: 'TCP' });
		out.set(p.cluster, list);
	}
	return out;
}

/** Whether the bootstrap's stats_matcher (Istio's inclusion list) lets Envoy create a stat. */
function statsMatcher(world: World, pod: Pod): (name: string) => boolean {
	const dump = dumpOf(pod.sidecar?.configDump);
	const boot = dump?.bootstrap?.raw['bootstrap'] as { statsConfig?: { statsMatcher?: { inclusionList?: { patterns?: { prefix?: string; suffix?: string; exact?: string; safeRegex?: { regex?: string } }[] } } } } | undefined;
	const patterns = boot?.statsConfig?.statsMatcher?.inclusionList?.patterns;
	if (patterns === undefined) return () => true;
	const tests = patterns.map((p) => {
		if (p.prefix !== undefined) return (n: string): boolean => n.startsWith(p.prefix as string);
		if (p.suffix !== undefined) return (n: string): boolean => n.endsWith(p.suffix as string);
		if (p.exact !== undefined) return (n: string): boolean => n === p.exact;
		const re = new RegExp(`^(?:${p.safeRegex?.regex ?? '(?!)'})$`);
		return (n: string): boolean => re.test(n);
	});
	void world;
	return (n) => tests.some((t) => t(n));
}

/** Envoy's stats for /stats: the server's, the listeners', the cluster manager's and every cluster's. */
export function envoyStats(world: World, pod: Pod, now: number): Map<string, number> {
	const out = new Map<string, number>();
	const dump = dumpOf(pod.sidecar?.configDump);
	const started = startOf(world, pod, 'envoy') ?? world.builtAt;
	const counted = metricsOf(world, pod);
	const probes = Math.max(0, Math.floor((now - started) / PROBE_PERIOD_MS));
	const envoyPids = envoyPidsOf(world, pod);
	const sockets = world.netns[pod.netns]?.sockets ?? [];
	const active = (port: number): number => sockets.filter((s) => s.kind === 'inet' && s.state === 'ESTABLISHED' && s.local.port === port && s.refs.some((r) => envoyPids.has(r.pid)) && s.label.endsWith('/accepted')).length;
	for (const port of [15001, 15006, 15021, 15090]) {
		out.set(`listener.0.0.0.0_${port}.downstream_cx_total`, (port === 15021 ? probes : 0) + (counted.get(listenerMetric(port)) ?? 0));
		out.set(`listener.0.0.0.0_${port}.downstream_cx_active`, active(port));
	}
	const concurrency = Number(world.processes.find((p) => envoyPids.has(p.pid))?.argv.find((_, i, a) => a[i - 1] === '--concurrency') ?? 2);
	out.set('server.concurrency', concurrency);
	out.set('server.live', 1);
	out.set('server.state', 0);
	out.set('server.uptime', Math.max(0, Math.floor((now - started) / 1000)));
	const clusters = dump?.clusters ?? [];
	out.set('cluster_manager.active_clusters', clusters.length);
	out.set('cluster_manager.warming_clusters', 0);
	const pooled = world.envoyPools ?? [];
	for (const c of clusters) {
		const p = `cluster.${c.name}.`;
		out.set(`${p}upstream_cx_total`, 0);
		out.set(`${p}upstream_cx_connect_fail`, 0);
		out.set(`${p}upstream_rq_total`, 0);
		out.set(`${p}upstream_cx_active`, pooled.filter((x) => x.pod === pod.key && x.cluster === c.name).length);
	}
	// The ADS stream to pilot-agent over ./etc/istio/proxy/XDS: one connection, one gRPC stream.
	if (world.processes.some((p) => envoyPids.has(p.pid))) for (const s of ['upstream_cx_total', 'upstream_cx_active', 'upstream_rq_total']) out.set(`cluster.xds-grpc.${s}`, 1);
	for (const [k, v] of counted) if (!k.includes('{') && !k.startsWith(HOST_STAT)) out.set(k, v);
	const keep = statsMatcher(world, pod);
	return new Map([...out].filter(([n]) => keep(n)));
}

export function envoyPrometheusAnswer(world: World, pod: Pod, req: HttpRequest, now: number): Answer {
	if (pathOnly(req.path).startsWith('/stats/prometheus')) return viaEnvoy(envoyAdmin(200, 'text/plain; charset=UTF-8', envoyPrometheus(world, pod, now), now), 0);
	return envoyNoRoute(now);
}

export function envoyHealthAnswer(world: World, pod: Pod, req: HttpRequest, now: number): Answer {
	if (pathOnly(req.path) === '/healthz/ready') {
		const r = goHttp(200, '', now);
		return viaEnvoy({ ...r, headers: [['date', httpDate(now)], ['content-length', '0']] }, 0);
	}
	return envoyNoRoute(now);
}

export function agentAnswer(world: World, pod: Pod, req: HttpRequest, now: number): Answer {
	const path = pathOnly(req.path);
	if (path === '/healthz/ready') return goHttp(200, '', now);
	if (path === '/stats/prometheus') return goHttp(200, agentPrometheus(world, pod, now), now, 'text/plain; version=0.0.4; charset=utf-8');
	// No container of the Bookinfo pods declares probes, so pilot-agent has no app probers.
	if (path.startsWith('/app-health/')) return goHttp(400, `app prober config does not exists for ${path}`, now);
	return goHttp(404, '404 page not found\n', now);
}
