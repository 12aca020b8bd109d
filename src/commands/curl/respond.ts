// Who answers a connection curl made, by the listener it reached (its label says which program
// opened it): the sidecar's own servers, the Bookinfo apps, the node's daemons. A connection that
// reached Envoy's traffic listeners (15001 outbound, 15006 inbound) is answered as the
// destination app would answer; the routing in between is the next step of the model (see SEAM).

import type { Live } from '../../sockets-view/dial';
import type { Endpoint, Pod, World } from '../../world/types';
import { bookinfoAnswer } from './bookinfo';
import { goHttp, reasonOf, viaEnvoy, type HttpRequest, type HttpResponse } from './http';
import { agentAnswer, envoyAdminAnswer, envoyHealthAnswer, envoyPrometheusAnswer, type Answer } from './proxy';

/** The app pod behind an address: a pod's own IP, or a Service's ClusterIP (an endpoint of it). */
function podBehind(world: World, dst: Endpoint, random: () => number): { pod: Pod; port: number } | undefined {
	const pod = world.pods.find((p) => p.ip === dst.address && !p.hostNetwork);
	if (pod !== undefined) return { pod, port: dst.port };
	const svc = world.services.find((s) => s.clusterIP === dst.address);
	const sp = svc?.ports.find((p) => p.port === dst.port && p.protocol === 'TCP');
	const ep = svc === undefined ? undefined : world.endpoints.find((e) => e.name === svc.name && e.namespace === svc.namespace);
	if (sp === undefined || ep === undefined || ep.addresses.length === 0) return undefined;
	const chosen = ep.addresses[Math.floor(random() * ep.addresses.length)] ?? ep.addresses[0];
	const target = world.pods.find((p) => p.ip === chosen?.ip && !p.hostNetwork);
	return target === undefined ? undefined : { pod: target, port: sp.targetPort };
}

/** Whether `pod` has an app listening on `port` (the Bookinfo apps all serve 9080). */
function appListens(world: World, pod: Pod, port: number): boolean {
	return (world.netns[pod.netns]?.sockets ?? []).some((s) => s.kind === 'inet' && s.state === 'LISTEN' && s.local.port === port && /\/http6?$/.test(s.label));
}

/** The app's own answer, when the pod runs a Bookinfo service on that port. */
function appAnswer(world: World, pod: Pod, port: number, req: HttpRequest, now: number): HttpResponse | undefined {
	return appListens(world, pod, port) ? bookinfoAnswer(pod, req, now) : undefined;
}

/** Upstream service time Envoy reports: the app's handling, a millisecond or two. */
const upstreamMs = (random: () => number): number => 1 + Math.floor(random() * 3);

/**
 * SEAM (next issue): Envoy's routing. Today a connection redirected to 15001 is answered by the
 * app behind its original destination, picked as kube-proxy would pick an endpoint; the real path
 * goes through the outbound listener's filter chain for that port, the route configuration
 * (virtual hosts by Host header), the cluster's endpoints (Envoy's own load balancing, not
 * kube-proxy's), a new upstream connection from this pod to the endpoint's 15006 and the inbound
 * listener there. Plug the Envoy model in here: listener -> route -> cluster -> endpoint ->
 * upstream connection (with its sockets, conntrack entries and counters on both pods).
 */
function outbound(world: World, live: Live, req: HttpRequest, now: number, random: () => number): Answer {
	const behind = podBehind(world, live.originalDst, random);
	const answer = behind === undefined ? undefined : appAnswer(world, behind.pod, behind.port, req, now);
	if (answer === undefined) return { kind: 'unmodelled', what: `Envoy outbound ${live.originalDst.address}:${live.originalDst.port}` };
	return viaEnvoy(answer, upstreamMs(random));
}

/** SEAM (next issue): the inbound listener's filter chains and its connection to the app. */
function inbound(world: World, pod: Pod, live: Live, req: HttpRequest, now: number, random: () => number): Answer {
	const answer = appAnswer(world, pod, live.originalDst.port, req, now);
	if (answer === undefined) return { kind: 'unmodelled', what: `Envoy inbound ${live.originalDst.address}:${live.originalDst.port}` };
	return viaEnvoy(answer, upstreamMs(random));
}

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

export function answerFor(world: World, live: Live, req: HttpRequest, now: number, random: () => number): Answer {
	const server = live.server;
	if (server === undefined) return { kind: 'unmodelled', what: `remote ${live.originalDst.address}:${live.originalDst.port}` };
	const label = server.listener.label;
	const pod = server.pod;
	if (pod !== undefined) {
		switch (label) {
			case 'envoy/admin':
				return envoyAdminAnswer(world, pod, req, now);
			case 'envoy/prometheus':
				return envoyPrometheusAnswer(world, pod, req, now);
			case 'envoy/health':
				return envoyHealthAnswer(world, pod, req, now);
			case 'pilot-agent/status':
				return agentAnswer(world, pod, req, now);
			case 'envoy/virtualOutbound':
				return outbound(world, live, req, now, random);
			case 'envoy/virtualInbound':
				return inbound(world, pod, live, req, now, random);
			default: {
				const app = /\/http6?$/.test(label) ? bookinfoAnswer(pod, req, now) : undefined;
				if (app !== undefined) return app;
			}
		}
	}
	return nodeAnswer(label, req, now) ?? { kind: 'unmodelled', what: label };
}
