// One URL through the world, as curl's libcurl would take it: resolve the name with the
// location's /etc/hosts and resolv.conf (the cluster's DNS answers Service names; it has no AAAA
// records), connect to each address in turn until one accepts or a timeout cuts the connect phase,
// send the request, take the answer of whoever accepted, close. The world keeps what the packets
// did: counters, conntrack, the client's TIME-WAIT socket, Envoy's connection counters.

import { converse, dial, hangUp, type Live, type Tap } from '../../sockets-view/dial';
import { dial6 } from '../../sockets-view/dial6';
import { lookupHost, type HostLookup } from '../../sockets-view/resolve';
import { connectionHops, type Hop, type RequestPath } from '../../mesh';
import { podOfNetns } from '../../world/lookup';
import { bumpMetrics, setLastRequest } from '../../world/mutate';
import type { Location, World } from '../../world/types';
import type { CurlOptions } from './args';
import { bodyBytes, type HttpResponse } from './http';
import { listenerMetric, type Answer } from './proxy';
import { responseLines, type BuiltRequest } from './request';
import { answerFor } from './respond';
import type { Attempt, Reply, Transfer } from './transfer';
import type { Url } from './url';
import type { CurlDialect } from './versions';

export interface DriveEnv {
	readonly at: Location;
	/** Host PID of the curl process. */
	readonly pid: number;
	readonly now: number;
	readonly random: () => number;
	/** Where the packets go for capture (tcpdump), if anyone listens. */
	readonly tap?: Tap;
}

/** curl's own connect timeout when none is given (DEFAULT_CONNECT_TIMEOUT). */
const DEFAULT_CONNECT_MS = 300_000;

type Resolved = HostLookup;

/** The addresses curl tries, in order. */
function addressOrder(url: Url, r: Resolved, o: CurlOptions, d: CurlDialect): string[] {
	if (r.kind === 'literal') return [url.host];
	if (r.kind === 'nxdomain') return [];
	const v6 = o.family === 4 ? [] : [...r.v6];
	const v4s = o.family === 6 ? [] : [...r.v4];
	return d.ipv6First ? [...v6, ...v4s] : [...v4s, ...v6];
}

function replyOf(a: Answer, serverUs: number): Reply {
	if ('kind' in a) return a.kind === 'empty' ? { kind: 'empty' } : { kind: 'unmodelled', what: a.what };
	return { kind: 'response', response: a, serverUs };
}

/** Envoy's listener counters: a connection accepted on 15001, 15006, 15021 or 15090. */
function countConnection(world: World, live: Live): World {
	const s = live.server;
	if (s === undefined || s.pod === undefined || !s.listener.label.startsWith('envoy/') || s.listener.label === 'envoy/admin') return world;
	return bumpMetrics(world, { [`${s.pod.key} ${listenerMetric(s.listener.local.port)}`]: 1 });
}

/** A response as its bytes on the wire (a chunked body framed as one chunk and the last-chunk). */
function wireText(r: HttpResponse, head: boolean): string {
	const lines = `${responseLines(r).join('\r\n')}\r\n\r\n`;
	if (head) return lines;
	const chunked = r.headers.some(([k, v]) => k.toLowerCase() === 'transfer-encoding' && v.toLowerCase() === 'chunked');
	if (!chunked) return lines + r.body;
	const n = bodyBytes(r.body);
	return n === 0 ? `${lines}0\r\n\r\n` : `${lines}${n.toString(16)}\r\n${r.body}\r\n0\r\n\r\n`;
}

/** Microseconds the exchange takes: a loopback round trip, more across the bridge or via Envoy. */
function serverUs(live: Live, a: Answer): number {
	const hops = live.legs.length;
	const viaEnvoy = !('kind' in a) && a.headers.some(([k]) => k === 'x-envoy-upstream-service-time');
	return 600 + 400 * hops + (viaEnvoy ? 1800 : 0);
}

/** Who made the request, as `hops` names it: `default/ratings-v1-…/ratings`, a pod's netns, the node. */
function origin(world: World, at: Location): string {
	if (at.kind === 'exec') return `${podOfNetns(world, at.netns)?.key ?? at.pod}/${at.container}`;
	return podOfNetns(world, at.netns)?.key ?? at.node;
}

/** The path of the request as src/mesh describes it, stored in the world for `hops`. */
function recorded(world: World, env: DriveEnv, req: BuiltRequest, typed: string, hops: readonly Hop[], status: number): World {
	const path: RequestPath = { from: origin(world, env.at), method: req.request.method, url: typed, at: env.now, hops, status };
	return setLastRequest(world, path);
}

export function driveTransfer(world0: World, env: DriveEnv, url: Url, typed: string, index: number, o: CurlOptions, d: CurlDialect, req: BuiltRequest): { world: World; transfer: Transfer } {
	let world = world0;
	const resolved = lookupHost(world, env.at, url.host);
	const order = addressOrder(url, resolved, o, d);
	const shown: Transfer['resolved'] = resolved;
	const base = { url, typed, index, request: req };
	const here = podOfNetns(world, env.at.netns)?.key ?? env.at.node;
	const hops: Hop[] = [];
	if (order.length === 0) {
		world = recorded(world, env, req, typed, [{ kind: 'failure', where: here, section: 'request-path#dns', what: 'nxdomain', detail: url.host }], 0);
		return { world, transfer: { ...base, resolved: { kind: 'nxdomain' }, attempts: [], connectCut: undefined, reply: undefined } };
	}
	if (resolved.kind === 'names') hops.push({ kind: 'resolve', where: here, section: 'request-path#dns', name: url.host, address: order[0] ?? '' });
	const ct = o.connectTimeoutMs ?? DEFAULT_CONNECT_MS;
	const limit = o.maxTimeMs !== undefined && o.maxTimeMs < ct ? { by: 'max-time' as const, ms: o.maxTimeMs } : { by: 'connect-timeout' as const, ms: ct };
	const attempts: Attempt[] = [];
	let spent = 0;
	let live: Live | undefined;
	let cut: Transfer['connectCut'];
	for (const address of order) {
		const caller = { netns: env.at.netns, pid: env.pid };
		const dst = { address, port: url.port };
		const r = address.includes(':') ? dial6(world, caller, dst, env.now) : dial(world, caller, dst, env.now, env.random, env.tap);
		world = r.world;
		if (r.kind === 'connected') {
			attempts.push({ address, local: r.live.client.local, result: 'connected', ms: r.elapsedMs });
			live = r.live;
			break;
		}
		const result = r.kind === 'timeout' ? 'timedout' : r.kind;
		attempts.push({ address, local: 'local' in r ? r.local : undefined, result, ms: r.elapsedMs });
		if (spent + r.elapsedMs >= limit.ms) {
			cut = { by: limit.by, atMs: limit.ms };
			break;
		}
		spent += r.elapsedMs;
	}
	if (live === undefined) {
		const last = attempts[attempts.length - 1];
		const what = last?.result === 'refused' ? 'refused' : last?.result === 'timedout' ? 'timeout' : 'unreachable';
		world = recorded(world, env, req, typed, [...hops, { kind: 'failure', where: here, section: 'request-path#app-socket', what, detail: `${last?.address ?? ''}:${url.port}` }], 0);
		return { world, transfer: { ...base, resolved: shown, attempts, connectCut: cut, reply: undefined } };
	}
	const proc = world.processes.find((p) => p.pid === env.pid);
	hops.push({ kind: 'connect', where: here, section: 'request-path#app-socket', process: proc?.comm ?? 'curl', uid: proc?.uid ?? 0, local: live.client.local, remote: live.client.remote });
	hops.push(...connectionHops(world, live));
	const answered = answerFor(world, live, req.request, env.now, env.random, env.tap);
	world = answered.world;
	hops.push(...answered.hops);
	const answer = answered.answer;
	const reply = replyOf(answer, serverUs(live, answer));
	const head = req.request.method === 'HEAD';
	const responseText = reply.kind === 'response' ? wireText(reply.response, head) : '';
	const requestText = `${req.lines.join('\r\n')}\r\n\r\n${req.request.body}`;
	world = converse(world, live, bodyBytes(requestText), bodyBytes(responseText), env.now, env.tap, { request: requestText, response: responseText });
	world = countConnection(world, live);
	world = hangUp(world, live, env.now, env.tap);
	world = recorded(world, env, req, typed, hops, 'kind' in answer ? 0 : answer.status);
	return { world, transfer: { ...base, resolved: shown, attempts, connectCut: undefined, reply } };
}
