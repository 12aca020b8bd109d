// Who answers a connection curl made, by the listener it reached (its label says which program
// opened it): the sidecar's own servers, the node's daemons, and, for Envoy's traffic listeners
// (15001 outbound, 15006 inbound) and the Bookinfo apps, the request walk of src/mesh: Envoy's
// listener, route, cluster and endpoint from the pod's config dump, its upstream connections
// through the kernel, the app and the calls it makes. The walk changes the world and says which
// hops it took.

import { serveConnection, type Hop } from '../../mesh';
import type { Live, Tap } from '../../sockets-view/dial';
import type { World } from '../../world/types';
import { goHttp, reasonOf, type HttpRequest, type HttpResponse } from './http';
import { agentAnswer, envoyAdminAnswer, envoyHealthAnswer, envoyPrometheusAnswer, type Answer } from './proxy';

/** Go's net/http answer to plain HTTP on a TLS port (the kubelet's and the API server's 10250/6443). */
function plainToTls(): HttpResponse {
	return { version: '1.0', status: 400, reason: reasonOf(400), headers: [], body: 'Client sent an HTTP request to an HTTPS server.\n' };
}

/** The node's daemons that speak plain HTTP. */
function nodeAnswer(label: string, req: HttpRequest, now: number): Answer | undefined {
	const path = req.path.split('?')[0] ?? '/';
	switch (label) {
		case 'kubelet/healthz':
			return path === '/healthz' ? goHttp(200, 'ok', now) : goHttp(404, '404 page not found\n', now);
		case 'kubelet/api':
			return plainToTls();
		default:
			return undefined;
	}
}

export interface Answered {
	readonly world: World;
	readonly answer: Answer;
	/** The hops behind the listener (Envoy's and the app's), for `hops` and the diagram. */
	readonly hops: readonly Hop[];
}

export function answerFor(world: World, live: Live, req: HttpRequest, now: number, random: () => number, tap?: Tap): Answered {
	const server = live.server;
	const just = (answer: Answer): Answered => ({ world, answer, hops: [] });
	if (server === undefined) return just({ kind: 'unmodelled', what: `remote ${live.originalDst.address}:${live.originalDst.port}` });
	const label = server.listener.label;
	const pod = server.pod;
	if (pod !== undefined) {
		switch (label) {
			case 'envoy/admin':
				return just(envoyAdminAnswer(world, pod, req, now));
			case 'envoy/prometheus':
				return just(envoyPrometheusAnswer(world, pod, req, now));
			case 'envoy/health':
				return just(envoyHealthAnswer(world, pod, req, now));
			case 'pilot-agent/status':
				return just(agentAnswer(world, pod, req, now));
			default:
				if (label === 'envoy/virtualOutbound' || label === 'envoy/virtualInbound' || /\/http6?$/.test(label)) return serveConnection(world, live, req, { now, random, ...(tap !== undefined ? { tap } : {}) });
		}
	}
	return just(nodeAnswer(label, req, now) ?? { kind: 'unmodelled', what: label });
}
