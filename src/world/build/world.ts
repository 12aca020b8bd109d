// buildWorldWith(scenario, { seed, now }, programmer): the scenario's node(s), pods, processes and
// sockets as they stand at `now`. Deterministic: the seed decides every number the scenario leaves
// open, the clock is `now` (and the times recorded in the scenario's files); nothing else is read.
// Who programs the namespaces' rules is the caller's (./program.ts): Node runs the tools
// (./index.ts buildWorld), the page replays the build's run.

import type { LoadResult } from '../scenario/errors';
import type { Scenario } from '../scenario/types';
import type { Endpoint, NetnsState, Pod, Process, World } from '../types';
import { hashLabel } from '../random';
import { dnsRecords, endpoints, remotePods, services } from './cluster';
import { BuildContext } from './context';
import { durationMs } from './app';
import { startNode } from './node';
import { buildPod } from './pods';
import type { Programmer } from './program';

export interface BuildOptions {
	/** Any integer; two builds with the same seed are deep-equal. */
	readonly seed: number;
	/** The world's clock at build time, in ms since the epoch (default: the scenario's recordedAt). */
	readonly now?: number;
}

export function buildWorldWith(scenario: Scenario, opts: BuildOptions, programmer: Programmer): LoadResult<World> {
	const doc = scenario.doc;
	const recordedAt = Date.parse(doc.recordedAt);
	const now = opts.now ?? recordedAt;
	const bootedAt = Math.min(...doc.nodes.map((n) => recordedAt - durationMs(n.uptime)));
	const ctx = new BuildContext(opts.seed, now, bootedAt);

	const svcs = services(doc);
	const remote = remotePods(doc);
	const [istiodNs, istiodName] = doc.istio.istiod.split('/');
	const istiodSvc = svcs.find((s) => s.namespace === istiodNs && s.name === istiodName);
	const istiod: Endpoint = { address: istiodSvc?.clusterIP ?? '', port: 15012 };
	const [dnsNs, dnsName] = doc.cluster.dns.service.split('/');
	const dnsIP = svcs.find((s) => s.namespace === dnsNs && s.name === dnsName)?.clusterIP ?? '';

	const nodes = [];
	const pods: Pod[] = [];
	for (const spec of [...doc.nodes].sort((a, b) => durationMs(b.uptime) - durationMs(a.uptime))) {
		const started = startNode(ctx, scenario, spec, recordedAt - durationMs(spec.uptime), programmer);
		nodes.push(started.node);
		// Pods come up in creation order; the kubelet creates each sandbox, then its containers.
		const onNode = scenario.pods
			.filter((p) => p.manifest.spec.nodeName === spec.name)
			.sort((a, b) => Date.parse(a.manifest.metadata.creationTimestamp) - Date.parse(b.manifest.metadata.creationTimestamp) || (a.manifest.metadata.name < b.manifest.metadata.name ? -1 : 1));
		for (const loaded of onNode) pods.push(buildPod(ctx, { scenario, loaded, node: spec, nodeNs: started.ns, istiod, dnsIP, recordedAt, programmer }));
	}
	if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };

	const netns: Record<string, NetnsState> = {};
	for (const [id, ns] of ctx.netns) netns[id] = { id, inode: ns.inode, netns: ns.netns, netfilter: ns.netfilter, conntrack: ns.conntrack, sockets: ns.sockets };
	const processes: Process[] = [...ctx.processes].sort((a, b) => a.pid - b.pid);
	const last = processes.at(-1)?.pid ?? 1;
	const inodes = Object.values(netns).flatMap((n) => n.sockets.map((s) => s.inode));
	const world: World = {
		scenario: { id: scenario.id, title: doc.title, recordedAt },
		seed: opts.seed,
		builtAt: now,
		cluster: {
			name: doc.cluster.name,
			domain: doc.cluster.domain,
			serviceCidr: doc.cluster.serviceCidr,
			podCidr: doc.cluster.podCidr,
			dnsIP,
			kubernetesVersion: doc.cluster.kubernetesVersion,
			istioVersion: doc.istio.version,
		},
		nodes,
		pods,
		remotePods: remote,
		services: svcs,
		endpoints: endpoints(doc, svcs, pods, remote),
		dns: dnsRecords(doc, svcs),
		netns,
		processes,
		alloc: { random: hashLabel(opts.seed, 'mutations'), nextPid: last + 1, nextInode: Math.max(0, ...inodes) + 1 },
		warnings: ctx.warnings,
	};
	return { ok: true, value: world };
}
