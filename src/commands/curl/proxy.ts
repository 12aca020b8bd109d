// What the sidecar's own servers answer: Envoy's admin (127.0.0.1:15000), its Prometheus
// listener (15090) and health listener (15021, routed to pilot-agent), and pilot-agent's status
// server (15020). Numbers come from the world: uptimes from the processes' start, connection
// counters from what the lab's commands did (World.metrics) plus the kubelet's readiness probes.
//
// Envoy's configuration (listeners, routes, clusters) is not modelled yet: the admin endpoints
// that print it say so instead of inventing it (/config_dump is served when the scenario recorded
// one).

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
	const dump = pod.sidecar?.configDump;
	if (path === '/config_dump' && dump !== undefined) return envoyAdmin(200, 'application/json', dump, now);
	return { kind: 'unmodelled', what: `Envoy admin ${path}` };
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
