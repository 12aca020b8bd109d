// The request walk: what happens behind a connection that reached Envoy's 15001 or 15006, or an
// app, in the world. Every connection Envoy makes goes through the packet engine of each
// namespace on its way (src/sockets-view/dial), so counters, conntrack and `ss` follow; Envoy
// keeps its upstream connections in a pool (World.envoyPools) and reuses them for the next
// request to the same host, as its HTTP/1.1 connection pools do. The decisions Envoy takes come
// from the pod's own config dump (./envoy.ts). Pure: the world in, a new world and the hops out.

import { bookinfoAnswer } from '../commands/curl/bookinfo';
import { bodyBytes, httpDate, reasonOf, viaEnvoy, type HttpRequest, type HttpResponse } from '../commands/curl/http';
import type { Answer } from '../commands/curl/proxy';
import type { ConfigDump, NetworkFilter } from '../envoy';
import type { PacketTrace, RuleStep } from '../netfilter/engine/types';
import { converse, dial, hangUp, type Live, type Tap } from '../sockets-view/dial';
import { resolve } from '../world/dns';
import { podOfNetns, processByPid, socketByInode } from '../world/lookup';
import { appendContainerLog, bumpMetrics, putPooled } from '../world/mutate';
import type { Pod, World } from '../world/types';
import { accessLogLine, requestId, tcpAccessLogLine, type AccessLogEntry } from './access-log';
import { dumpOf, hostsOf, inboundChain, lbPolicyOf, logsAccess, outboundChain, pickHost, routeRequest, type Chosen } from './envoy';
import { BOOKINFO_CALLS } from './fanout';
import type { Endpoint, Hop, RequestPath } from './types';

export interface MeshEnv {
	readonly now: number;
	readonly random: () => number;
	readonly tap?: Tap;
}

export interface Served {
	readonly world: World;
	readonly answer: Answer;
	readonly hops: readonly Hop[];
}

const where = (world: World, netns: string): string => podOfNetns(world, netns)?.key ?? netns;
const ep = (e: Endpoint): Endpoint => ({ address: e.address.replace(/^::ffff:/, ''), port: e.port });

/** The nat rules a connection's first packet matched in one namespace, in the order it met them. */
export function ruleHops(at: string, trace: PacketTrace | undefined): Hop[] {
	if (trace === undefined) return [];
	const rules = trace.steps.filter((s): s is RuleStep => s.kind === 'rule' && s.matched && s.table === 'nat');
	return rules.map((s) => ({ kind: 'rule', where: at, section: sectionOfRule(s), hook: s.hook, chain: s.chain, rule: s.ruleNumber, text: `-A ${s.chain} ${s.text}` }));
}

function sectionOfRule(s: RuleStep): string {
	if (s.chain === 'ISTIO_OUTPUT') return `iptables-capture#rule-${s.ruleNumber}`;
	if (s.chain === 'ISTIO_INBOUND' || s.chain === 'ISTIO_IN_REDIRECT' || s.hook === 'PREROUTING') return 'iptables-capture#istio-inbound';
	if (s.chain === 'ISTIO_REDIRECT') return 'iptables-capture#redirect-return';
	return 'iptables-capture#entry-points';
}

/** The hops of a dialed connection: the rules in each namespace it crossed, and the socket it reached. */
export function connectionHops(world: World, live: Live): Hop[] {
	const hops: Hop[] = [];
	for (const leg of live.legs) hops.push(...ruleHops(where(world, leg.netns), leg.syn));
	const s = live.server;
	if (s !== undefined) hops.push({ kind: 'socket', where: where(world, s.netns), section: socketSection(s.listener.label), label: s.listener.label, local: ep(s.local), originalDst: ep(live.originalDst) });
	return hops;
}

function socketSection(label: string): string {
	if (label === 'envoy/virtualOutbound') return 'request-path#listener-15001';
	if (label === 'envoy/virtualInbound') return 'request-path#listener-15006';
	return 'request-path#the-app';
}

const envoyPid = (world: World, pod: Pod): number | undefined => world.processes.find((p) => p.container?.pod === pod.key && p.comm === 'envoy')?.pid;

const TLS_OVERHEAD = 22;

/** World.metrics keys of Envoy's per-host stats: `<pod> host:<cluster>::<ip:port>::<stat>`. */
export const HOST_STAT = 'host:';

interface Upstream {
	readonly world: World;
	readonly live?: Live;
	readonly hops: Hop[];
	readonly refused: boolean;
}

/** A connection from the pod's Envoy to `host`: the pooled one, or a new one through the kernel. */
function upstreamTo(world0: World, pod: Pod, cluster: string, host: Endpoint, bind: string | undefined, env: MeshEnv): Upstream {
	const pooled = (world0.envoyPools ?? []).find((p) => p.pod === pod.key && p.cluster === cluster && p.host.address === host.address && p.host.port === host.port);
	if (pooled !== undefined && socketByInode(world0, pooled.live.client.netns, pooled.live.client.inode) !== undefined) {
		return { world: world0, live: pooled.live, refused: false, hops: [{ kind: 'upstream', where: pod.key, section: 'request-path#connection-pool', local: pooled.live.client.local, remote: host, reused: true }] };
	}
	const pid = envoyPid(world0, pod);
	if (pid === undefined) return { world: world0, hops: [], refused: true };
	const r = dial(world0, { netns: pod.netns, pid, ...(bind !== undefined ? { bind } : {}) }, host, env.now, env.random, env.tap);
	// Envoy's cluster and host stats (src/commands/curl/admin.ts reads them for /stats and /clusters).
	const hostKey = `${pod.key} ${HOST_STAT}${cluster}::${host.address}:${host.port}`;
	const counted = { [`${pod.key} cluster.${cluster}.upstream_cx_total`]: 1, [`${hostKey}::cx_total`]: 1 };
	if (r.kind !== 'connected') return { world: bumpMetrics(r.world, { ...counted, [`${pod.key} cluster.${cluster}.upstream_cx_connect_fail`]: 1, [`${hostKey}::cx_connect_fail`]: 1 }), hops: [], refused: true };
	let world = putPooled(bumpMetrics(r.world, counted), { pod: pod.key, cluster, host, live: r.live, requests: 0 });
	const s = r.live.server;
	if (s?.pod !== undefined && s.listener.label === 'envoy/virtualInbound') world = bumpMetrics(world, { [`${s.pod.key} envoy_listener_downstream_cx_total{envoy_listener_address="0.0.0.0_15006"}`]: 1 });
	const hops: Hop[] = [{ kind: 'upstream', where: pod.key, section: bind === undefined ? 'request-path#upstream' : 'passthrough-127-0-0-6#bind', local: r.live.client.local, remote: host, reused: false }, ...connectionHops(world, r.live)];
	return { world, live: r.live, hops, refused: false };
}

/** Envoy's local reply: its own body, in its header order. */
function localReply(status: number, body: string, now: number): HttpResponse {
	const headers: [string, string][] = body === '' ? [['content-length', '0']] : [['content-length', String(bodyBytes(body))], ['content-type', 'text/plain']];
	return { version: '1.1', status, reason: reasonOf(status), headers: [...headers, ['date', httpDate(now)], ['server', 'envoy']], body };
}

/**
 * The router's local reply when no upstream connection came up (Envoy's Router::Filter::
 * onUpstreamReset): after retries it names the last attempt's reason, "retried and the latest".
 */
const connectFailure = (retried: boolean): string =>
	`upstream connect error or disconnect/reset before headers. ${retried ? 'retried and the latest ' : ''}reset reason: remote connection failure, transport failure reason: delayed connect error: 111`;
const CONNECT_DETAILS = 'upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111}';
/** UF, and URX once the retries ran out (ResponseFlagUtils prints the flags in this order). */
const connectFlags = (retried: boolean): string => (retried ? 'UF,URX' : 'UF');

/**
 * The retries' waits: Envoy's jittered exponential back-off (base 25 ms, x2 per retry, a random
 * point below the bound), which is the time an all-refused request spends in the router.
 */
function backoffMs(retries: number, random: () => number): number {
	let ms = 0;
	for (let i = 0; i < retries; i++) ms += Math.floor(random() * 25 * 2 ** i);
	return ms;
}

/** The inbound route's retry policy (Istio >= 1.24): `reset-before-request`, two retries, which a refused connect is. */
const INBOUND_RETRIES = 2;

interface Side {
	readonly pod: Pod;
	readonly dump: ConfigDump;
	readonly chosen: Chosen;
	readonly downstreamLocal: Endpoint;
	readonly downstreamRemote: Endpoint;
	readonly sni?: string;
}

function log(world: World, side: Side, filter: NetworkFilter, e: Omit<AccessLogEntry, 'downstreamLocal' | 'downstreamRemote'>): { world: World; line?: string } {
	if (!logsAccess(filter)) return { world };
	const line = accessLogLine({ ...e, downstreamLocal: side.downstreamLocal, downstreamRemote: side.downstreamRemote, ...(side.sni !== undefined ? { sni: side.sni } : {}) });
	return { world: appendContainerLog(world, side.pod.key, 'istio-proxy', line), line };
}

const headerOf = (req: HttpRequest, name: string): string | undefined => req.headers.find(([k]) => k.toLowerCase() === name)?.[1];

/** Who is behind an upstream connection once it is up: a sidecar's 15006, or an app. */
function serveUpstream(world: World, live: Live, req: HttpRequest, env: MeshEnv, tls: string | undefined): Served {
	const s = live.server;
	if (s === undefined || s.pod === undefined) return { world, answer: { kind: 'unmodelled', what: `remote ${live.originalDst.address}:${live.originalDst.port}` }, hops: [] };
	if (s.listener.label === 'envoy/virtualInbound') return serveInbound(world, s.pod, ep(live.client.local), ep(live.originalDst), req, env, tls);
	return serveApp(world, s.pod, live, req, env);
}

/** Drives the request and its answer over an upstream connection; the pool counts it. */
/** The request and the answer as HTTP/1.1 puts them on the wire. */
function wireTexts(req: HttpRequest, answer: Answer): { request: string; response: string } {
	const request = `${req.method} ${req.path} HTTP/1.1\r\n${req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${req.body}`;
	const response = 'kind' in answer ? '' : `HTTP/1.1 ${answer.status} ${answer.reason}\r\n${answer.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${answer.body}`;
	return { request, response };
}

function exchange(world0: World, live: Live, cluster: string, pod: Pod, req: HttpRequest, answer: Answer, env: MeshEnv, tls: boolean): World {
	const { request: reqText, response: resp } = wireTexts(req, answer);
	const reqBytes = bodyBytes(reqText) + (tls ? TLS_OVERHEAD : 0);
	// Over mTLS the capture sees ciphertext: no text for the tap.
	const texts = tls ? {} : { request: reqText, response: resp };
	let world = converse(world0, live, reqBytes, bodyBytes(resp) + (tls && resp !== '' ? TLS_OVERHEAD : 0), env.now, env.tap, texts);
	const p = (world.envoyPools ?? []).find((x) => x.pod === pod.key && x.cluster === cluster && x.live.client.inode === live.client.inode);
	if (p !== undefined) world = putPooled(world, { ...p, requests: p.requests + 1 });
	if (cluster !== '' && !('kind' in answer && answer.kind === 'unmodelled')) {
		const status = 'kind' in answer ? 0 : answer.status;
		const hostKey = `${pod.key} ${HOST_STAT}${cluster}::${live.originalDst.address.replace(/^::ffff:/, '')}:${live.originalDst.port}`;
		const c = `${pod.key} cluster.${cluster}.`;
		world = bumpMetrics(world, {
			[`${c}upstream_rq_total`]: 1,
			...(status > 0 ? { [`${c}upstream_rq_${status}`]: 1, [`${c}upstream_rq_${Math.floor(status / 100)}xx`]: 1, [`${c}upstream_rq_completed`]: 1 } : {}),
			[`${hostKey}::rq_total`]: 1,
			[status >= 500 || status === 0 ? `${hostKey}::rq_error` : `${hostKey}::rq_success`]: 1,
		});
	}
	return world;
}

const upstreamMs = (random: () => number): number => 1 + Math.floor(random() * 3);

/** The answer's timing: the x-envoy-upstream-service-time the peer reported, plus the hop. */
function serviceTime(a: Answer): number {
	if ('kind' in a) return 0;
	const t = a.headers.find(([k]) => k === 'x-envoy-upstream-service-time')?.[1];
	return t === undefined ? 0 : Number(t) + 1;
}

/** The outbound side of a sidecar: a connection the app made, redirected to 15001. */
export function serveOutbound(world0: World, pod: Pod, downstreamRemote: Endpoint, originalDst: Endpoint, req: HttpRequest, env: MeshEnv): Served {
	let world = world0;
	const dump = dumpOf(pod.sidecar?.configDump);
	const chosen = dump === undefined ? undefined : outboundChain(dump, originalDst);
	if (dump === undefined || chosen === undefined) return { world, answer: { kind: 'unmodelled', what: `Envoy outbound ${originalDst.address}:${originalDst.port}` }, hops: [] };
	const hops: Hop[] = [];
	if (chosen.handoff) hops.push({ kind: 'listener', where: pod.key, section: 'request-path#listener-15001', name: chosen.listener.name, handoff: true });
	hops.push({ kind: 'filter-chain', where: pod.key, section: 'request-path#filter-chain', listener: chosen.listener.name, chain: chosen.chain.name === '' ? '-' : chosen.chain.name, filter: chosen.filter.name });
	const side: Side = { pod, dump, chosen, downstreamLocal: originalDst, downstreamRemote };
	if (chosen.filter.kind === 'tcp') return tcpProxy(world, side, chosen.filter.cluster ?? '', originalDst, req, env, hops);
	const host = headerOf(req, 'host') ?? '';
	const decision = routeRequest(dump, chosen.filter, host, req.method, req.path);
	const id = headerOf(req, 'x-request-id') ?? requestId(env.random);
	const fwd: HttpRequest = { ...req, headers: [...req.headers.filter(([k]) => k.toLowerCase() !== 'x-request-id'), ['x-forwarded-proto', 'http'], ['x-request-id', id], ['x-envoy-attempt-count', '1']] };
	const base = { start: env.now, method: req.method, path: req.path, requestId: id, authority: host, bytesReceived: bodyBytes(req.body), ...(headerOf(req, 'user-agent') !== undefined ? { userAgent: headerOf(req, 'user-agent') } : {}) };
	const finish = (answer: HttpResponse, flags: string, details: string, extra: Partial<AccessLogEntry> = {}): Served => {
		const l = log(world, side, chosen.filter, { ...base, status: answer.status, flags, details, bytesSent: bodyBytes(answer.body), durationMs: (extra.upstreamServiceMs ?? 0) + 1, ...extra });
		hops.push({ kind: 'response', where: pod.key, section: 'request-path#access-log', status: answer.status, flags, details, ...(l.line !== undefined ? { log: l.line } : {}) });
		return { world: l.world, answer, hops };
	};
	if (decision === undefined) return { world, answer: { kind: 'unmodelled', what: `Envoy route ${chosen.filter.name}` }, hops };
	if (decision.kind === 'no-route') {
		hops.push({ kind: 'failure', where: pod.key, section: 'request-path#no-route', what: 'no-route', detail: decision.virtualHost ?? decision.config });
		return finish(localReply(404, '', env.now), 'NR', 'route_not_found', { durationMs: 0 });
	}
	hops.push({ kind: 'route', where: pod.key, section: 'request-path#route', config: decision.config, virtualHost: decision.virtualHost, route: decision.route });
	// Envoy's own answers take well under a millisecond: %DURATION% 0.
	if (decision.kind === 'direct') return finish(localReply(decision.status, '', env.now), '-', 'direct_response', { route: decision.route, durationMs: 0 });
	if (decision.kind === 'no-cluster') return finish(localReply(503, '', env.now), 'NC', 'cluster_not_found', { route: decision.route, durationMs: 0 });
	const cluster = decision.cluster;
	hops.push({ kind: 'cluster', where: pod.key, section: 'request-path#cluster', name: cluster.name, type: cluster.type });
	const hosts = hostsOf(dump, cluster, originalDst);
	const policy = lbPolicyOf(cluster);
	const retries = cluster.name.startsWith('outbound|') ? 2 : 0;
	const tried: Endpoint[] = [];
	let last: { answer: Answer; host: Endpoint; local: Endpoint } | undefined;
	let connectFailed = false;
	for (let attempt = 0; attempt <= retries; attempt++) {
		// previous_hosts: a retry prefers a host not tried yet (hostSelectionRetryMaxAttempts 5).
		const fresh = hosts.filter((h) => !tried.some((t) => t.address === h.address && t.port === h.port));
		const chosenHost = pickHost(fresh.length > 0 ? fresh : hosts, policy, env.random, 0);
		if (chosenHost === undefined) return finish(localReply(503, 'no healthy upstream', env.now), 'UH', 'no_healthy_upstream', { cluster: cluster.name, route: decision.route, durationMs: 0 });
		tried.push(chosenHost);
		hops.push({ kind: 'endpoint', where: pod.key, section: 'request-path#endpoint', address: chosenHost, policy, of: hosts.length });
		const up = upstreamTo(world, pod, cluster.name, chosenHost, cluster.bindSource?.address, env);
		world = up.world;
		hops.push(...up.hops);
		if (up.live === undefined) {
			connectFailed = true;
			continue;
		}
		connectFailed = false;
		const mtls = cluster.name.startsWith('outbound|') && world.pods.some((p) => p.ip === chosenHost.address && p.sidecar !== undefined);
		const sni = mtls ? `outbound_.${originalDst.port}_._.${cluster.name.split('|')[3] ?? ''}` : undefined;
		const served = serveUpstream(world, up.live, { ...fwd, headers: fwd.headers.map(([k, v]) => (k === 'x-envoy-attempt-count' ? [k, String(attempt + 1)] : [k, v])) }, env, sni);
		hops.push(...served.hops);
		world = exchange(served.world, up.live, cluster.name, pod, fwd, served.answer, env, mtls);
		last = { answer: served.answer, host: chosenHost, local: up.live.client.local };
		if ('kind' in served.answer || served.answer.status !== 503) break;
	}
	const up = { cluster: cluster.name, route: decision.route };
	if (last === undefined || connectFailed) {
		const retried = tried.length > 1;
		if (retried) world = bumpMetrics(world, { [`${pod.key} cluster.${cluster.name}.upstream_rq_retry`]: tried.length - 1, [`${pod.key} cluster.${cluster.name}.upstream_rq_retry_limit_exceeded`]: 1 });
		return finish(localReply(503, connectFailure(retried), env.now), connectFlags(retried), CONNECT_DETAILS, { ...up, durationMs: backoffMs(tried.length - 1, env.random), transportFailure: 'delayed_connect_error:_111', ...(tried[tried.length - 1] !== undefined ? { upstreamHost: tried[tried.length - 1] } : {}) });
	}
	if ('kind' in last.answer) return { world, answer: last.answer, hops };
	const ms = serviceTime(last.answer) + upstreamMs(env.random) - 1;
	const relayed = viaEnvoy(last.answer, ms);
	const exhausted = last.answer.status === 503 && retries > 0;
	return finish(relayed, exhausted ? 'URX' : '-', 'via_upstream', { ...up, upstreamServiceMs: ms, upstreamHost: last.host, upstreamLocal: last.local });
}

/** A tcp_proxy chain: PassthroughCluster connects to the original destination, BlackHoleCluster to nobody. */
function tcpProxy(world0: World, side: Side, cluster: string, originalDst: Endpoint, req: HttpRequest, env: MeshEnv, hops: Hop[]): Served {
	hops.push({ kind: 'cluster', where: side.pod.key, section: cluster === 'BlackHoleCluster' ? 'request-path#blackhole' : 'request-path#passthrough', name: cluster, type: cluster === 'BlackHoleCluster' ? 'STATIC' : 'ORIGINAL_DST' });
	// tcp_proxy writes its line when the downstream connection closes (filter access_log).
	const tcpLog = (w: World, e: Omit<Parameters<typeof tcpAccessLogLine>[0], 'start' | 'cluster' | 'downstreamLocal' | 'downstreamRemote'>): World => {
		if (!logsAccess(side.chosen.filter)) return w;
		const line = tcpAccessLogLine({ ...e, start: env.now, cluster, downstreamLocal: side.downstreamLocal, downstreamRemote: side.downstreamRemote, ...(side.sni !== undefined ? { sni: side.sni } : {}) });
		return appendContainerLog(w, side.pod.key, 'istio-proxy', line);
	};
	if (cluster === 'BlackHoleCluster' || cluster === '') {
		// A STATIC cluster without endpoints: tcp_proxy finds no host as the connection opens, flags it
		// UH (NoHealthyUpstream), counts upstream_cx_none_healthy and closes the client's connection
		// before anything is read, so the client sees the peer close with no answer.
		hops.push({ kind: 'failure', where: side.pod.key, section: 'request-path#blackhole', what: 'blackhole', detail: cluster });
		const world = cluster === '' ? world0 : tcpLog(bumpMetrics(world0, { [`${side.pod.key} cluster.${cluster}.upstream_cx_none_healthy`]: 1 }), { flags: 'UH', bytesReceived: 0, bytesSent: 0, durationMs: 0 });
		return { world, answer: { kind: 'empty' }, hops };
	}
	const c = side.dump.clusters?.find((x) => x.name === cluster);
	const up = upstreamTo(world0, side.pod, cluster, originalDst, c?.bindSource?.address, env);
	hops.push(...up.hops);
	if (up.live === undefined) {
		hops.push({ kind: 'failure', where: side.pod.key, section: 'request-path#passthrough', what: 'upstream-connect', detail: `${originalDst.address}:${originalDst.port}` });
		return { world: tcpLog(up.world, { flags: 'UF', bytesReceived: 0, bytesSent: 0, durationMs: 0, upstreamHost: originalDst }), answer: { kind: 'empty' }, hops };
	}
	const served = serveUpstream(up.world, up.live, req, env, undefined);
	hops.push(...served.hops);
	// tcp_proxy closes its upstream when the client closes: nothing stays pooled.
	let world = exchange(served.world, up.live, cluster, side.pod, req, served.answer, env, false);
	world = hangUp(world, up.live, env.now, env.tap);
	world = { ...world, envoyPools: (world.envoyPools ?? []).filter((p) => p.live.client.inode !== up.live?.client.inode) };
	const { request, response } = wireTexts(req, served.answer);
	world = tcpLog(world, { bytesReceived: bodyBytes(request), bytesSent: bodyBytes(response), durationMs: serviceTime(served.answer) + 1, upstreamHost: originalDst, upstreamLocal: up.live.client.local });
	return { world, answer: served.answer, hops };
}

/** The inbound side: a connection that reached 15006, from a peer's Envoy (mTLS) or a plain client. */
export function serveInbound(world0: World, pod: Pod, downstreamRemote: Endpoint, originalDst: Endpoint, req: HttpRequest, env: MeshEnv, sni: string | undefined): Served {
	let world = world0;
	const dump = dumpOf(pod.sidecar?.configDump);
	const chosen = dump === undefined ? undefined : inboundChain(dump, originalDst, downstreamRemote, sni === undefined ? undefined : { sni });
	if (dump === undefined || chosen === undefined) return { world, answer: { kind: 'unmodelled', what: `Envoy inbound ${originalDst.address}:${originalDst.port}` }, hops: [] };
	const hops: Hop[] = [{ kind: 'filter-chain', where: pod.key, section: 'request-path#inbound-chain', listener: chosen.listener.name, chain: chosen.chain.name, filter: chosen.filter.name }];
	const side: Side = { pod, dump, chosen, downstreamLocal: originalDst, downstreamRemote, ...(sni !== undefined ? { sni } : {}) };
	if (chosen.filter.kind === 'tcp') return tcpProxy(world, side, chosen.filter.cluster ?? '', originalDst, req, env, hops);
	const host = headerOf(req, 'host') ?? '';
	const decision = routeRequest(dump, chosen.filter, host, req.method, req.path);
	if (decision === undefined || decision.kind !== 'cluster') return { world, answer: { kind: 'unmodelled', what: `Envoy inbound route ${chosen.filter.name}` }, hops };
	hops.push({ kind: 'route', where: pod.key, section: 'request-path#inbound-chain', config: decision.config, virtualHost: decision.virtualHost, route: decision.route });
	const cluster = decision.cluster;
	const bind = cluster.bindSource?.address;
	hops.push({ kind: 'cluster', where: pod.key, section: 'passthrough-127-0-0-6#inbound-cluster', name: cluster.name, type: cluster.type, ...(bind !== undefined ? { bind } : {}) });
	const id = headerOf(req, 'x-request-id') ?? requestId(env.random);
	const base = { start: env.now, method: req.method, path: req.path, requestId: id, authority: host, bytesReceived: bodyBytes(req.body), cluster: cluster.name, route: decision.route, ...(headerOf(req, 'user-agent') !== undefined ? { userAgent: headerOf(req, 'user-agent') } : {}) };
	// The inbound route retries a request reset before it reached the app (`reset-before-request`,
	// two retries), and a refused connect is one: three attempts to the same original destination.
	let up = upstreamTo(world, pod, cluster.name, originalDst, bind, env);
	world = up.world;
	hops.push(...up.hops);
	let attempts = 1;
	while (up.live === undefined && attempts <= INBOUND_RETRIES) {
		// Istio >= 1.10: the inbound cluster connects to the pod's IP; an app bound to 127.0.0.1 refuses.
		hops.push({ kind: 'failure', where: pod.key, section: 'request-path#localhost-app', what: 'upstream-connect', detail: `${originalDst.address}:${originalDst.port}` });
		up = upstreamTo(world, pod, cluster.name, originalDst, bind, env);
		world = up.world;
		hops.push(...up.hops);
		attempts++;
	}
	if (up.live === undefined) {
		hops.push({ kind: 'failure', where: pod.key, section: 'request-path#localhost-app', what: 'upstream-connect', detail: `${originalDst.address}:${originalDst.port}` });
		const retried = attempts > 1;
		if (retried) world = bumpMetrics(world, { [`${pod.key} cluster.${cluster.name}.upstream_rq_retry`]: attempts - 1, [`${pod.key} cluster.${cluster.name}.upstream_rq_retry_limit_exceeded`]: 1 });
		const answer = localReply(503, connectFailure(retried), env.now);
		const flags = connectFlags(retried);
		const l = log(world, side, chosen.filter, { ...base, status: 503, flags, details: CONNECT_DETAILS, transportFailure: 'delayed_connect_error:_111', bytesSent: bodyBytes(answer.body), durationMs: backoffMs(attempts - 1, env.random), upstreamHost: originalDst });
		hops.push({ kind: 'response', where: pod.key, section: 'request-path#access-log', status: 503, flags, details: CONNECT_DETAILS, ...(l.line !== undefined ? { log: l.line } : {}) });
		return { world: l.world, answer, hops };
	}
	const served = serveApp(world, pod, up.live, req, env);
	hops.push(...served.hops);
	world = exchange(served.world, up.live, cluster.name, pod, req, served.answer, env, false);
	if ('kind' in served.answer) return { world, answer: served.answer, hops };
	const ms = upstreamMs(env.random);
	const answer = viaEnvoy(served.answer, ms);
	const l = log(world, side, chosen.filter, { ...base, status: answer.status, flags: '-', details: 'via_upstream', bytesSent: bodyBytes(answer.body), durationMs: ms + 1, upstreamServiceMs: ms, upstreamHost: originalDst, upstreamLocal: up.live.client.local });
	hops.push({ kind: 'response', where: pod.key, section: 'request-path#access-log', status: answer.status, flags: '-', details: 'via_upstream', ...(l.line !== undefined ? { log: l.line } : {}) });
	return { world: l.world, answer, hops };
}

/** The app behind a connection: its Bookinfo answer, after the calls it makes to answer it. */
export function serveApp(world0: World, pod: Pod, live: Live, req: HttpRequest, env: MeshEnv): Served {
	let world = world0;
	const label = live.server?.listener.label ?? '';
	const pid = live.server?.listener.refs[live.server.listener.refs.length - 1]?.pid;
	const answer = /\/http6?$/.test(label) ? bookinfoAnswer(pod, req, env.now) : undefined;
	if (answer === undefined || pid === undefined) return { world, answer: { kind: 'unmodelled', what: label }, hops: [] };
	const calls: RequestPath[] = [];
	for (const call of BOOKINFO_CALLS(pod, req)) {
		const made = appCall(world, pod, pid, call.service, call.port, call.path, env);
		world = made.world;
		calls.push(made.path);
	}
	const comm = processByPid(world, pid)?.comm ?? label;
	return { world, answer, hops: [{ kind: 'app', where: pod.key, section: 'request-path#the-app', process: comm, local: ep(live.server?.local ?? live.originalDst), calls }] };
}

/** An app's own HTTP call (Bookinfo's fan-out): resolve, connect, send, close, as its client library does. */
export function appCall(world0: World, pod: Pod, pid: number, service: string, port: number, path: string, env: MeshEnv): { world: World; path: RequestPath } {
	let world = world0;
	const host = `${service}:${port}`;
	const req: HttpRequest = { method: 'GET', path, headers: [['Host', host], ['User-Agent', pod.labels['app'] === 'productpage' ? 'python-requests/2.32.3' : 'Apache-CXF/3.1.18'], ['Accept', '*/*']], body: '' };
	const app = pod.containers.find((c) => c.kind === 'app' && c.name !== 'istio-proxy');
	const resolvConf = app?.files['/etc/resolv.conf'];
	const a = resolvConf === undefined ? undefined : resolve(world, service, { resolvConf, hosts: '' });
	const from = `${pod.key}/${app?.name ?? ''}`;
	const hops: Hop[] = [];
	const path0 = { from, method: 'GET', url: `http://${host}${path}`, at: env.now };
	if (a === undefined || a.kind !== 'address') {
		hops.push({ kind: 'failure', where: pod.key, section: 'request-path#dns', what: 'nxdomain', detail: service });
		return { world, path: { ...path0, hops, status: 0 } };
	}
	hops.push({ kind: 'resolve', where: pod.key, section: 'request-path#dns', name: service, address: a.address });
	const d = dial(world, { netns: pod.netns, pid }, { address: a.address, port }, env.now, env.random, env.tap);
	world = d.world;
	if (d.kind !== 'connected') {
		hops.push({ kind: 'failure', where: pod.key, section: 'request-path#dns', what: d.kind === 'timeout' ? 'timeout' : d.kind === 'refused' ? 'refused' : 'unreachable', detail: `${a.address}:${port}` });
		return { world, path: { ...path0, hops, status: 0 } };
	}
	const proc = processByPid(world, pid);
	hops.push({ kind: 'connect', where: pod.key, section: 'request-path#app-socket', process: proc?.comm ?? '', uid: proc?.uid ?? 0, local: d.live.client.local, remote: d.live.client.remote });
	hops.push(...connectionHops(world, d.live));
	const served = serveConnection(world, d.live, req, env);
	hops.push(...served.hops);
	world = exchange(served.world, d.live, '', pod, req, served.answer, env, false);
	world = hangUp(world, d.live, env.now, env.tap);
	return { world, path: { ...path0, hops, status: 'kind' in served.answer ? 0 : served.answer.status } };
}

/** Whoever accepted a connection answers it: Envoy's 15001 or 15006, or an app. */
export function serveConnection(world: World, live: Live, req: HttpRequest, env: MeshEnv): Served {
	const s = live.server;
	if (s === undefined || s.pod === undefined) return { world, answer: { kind: 'unmodelled', what: `remote ${live.originalDst.address}:${live.originalDst.port}` }, hops: [] };
	if (s.listener.label === 'envoy/virtualOutbound') return serveOutbound(world, s.pod, ep(live.client.local), ep(live.originalDst), req, env);
	if (s.listener.label === 'envoy/virtualInbound') return serveInbound(world, s.pod, ep(live.client.local), ep(live.originalDst), req, env, undefined);
	return serveApp(world, s.pod, live, req, env);
}
