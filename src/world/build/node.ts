// A node: its own network namespace (the kind container's eth0, flannel's VXLAN device and cni0
// bridge), the rules of its iptables-save loaded into the netfilter model, and its own processes
// (init, containerd, the kubelet) with their sockets.

import { networkOf, parseCidr, v4, v4Text } from '../../netns/addr';
import type { NodeSpec } from '../scenario/schema';
import { repoPath, type Scenario } from '../scenario/types';
import type { Node, Process } from '../types';
import { startProcessTree } from './app';
import { ALL_CAPS, type BuildContext, type Mutable, type MutableNetns } from './context';
import { nodeNetns } from './netns';
import type { Programmer } from './program';

function cidrParts(text: string): { network: string; prefix: number; first: string } {
	const c = parseCidr(text);
	if (c === undefined) throw new Error(`broken invariant: ${text} was validated by the schema`);
	const network = networkOf(c.address, c.prefix);
	return { network, prefix: c.prefix, first: v4Text((v4(network) ?? 0) + 1) };
}

export interface StartedNode {
	readonly node: Node;
	readonly ns: MutableNetns;
	readonly processes: readonly Mutable<Process>[];
}

export function startNode(ctx: BuildContext, scenario: Scenario, spec: NodeSpec, bootedAt: number, programmer: Programmer): StartedNode {
	const pod = cidrParts(spec.podCidr);
	const netns = nodeNetns({
		name: spec.name,
		address: spec.internalIP,
		mac: spec.mac,
		gateway: spec.gateway,
		bridge: { device: spec.bridge.device, mac: spec.bridge.mac, address: `${pod.first}/${pod.prefix}` },
		...(spec.vxlan
			? { vxlan: { device: spec.vxlan.device, mac: spec.vxlan.mac, address: pod.network, peers: spec.vxlan.peers.map((p) => ({ podCidr: p.podCidr, vtep: cidrParts(p.podCidr).network })) } }
			: {}),
		veths: [],
	});
	const ns = ctx.newNetns(`node/${spec.name}`, netns);
	const files: Record<string, string> = {};
	for (const [path, file] of Object.entries(spec.files)) {
		const f = scenario.files[file];
		if (f !== undefined) files[path] = f.text;
	}

	// kube-proxy's and flannel's rules, as iptables-restore would load the node's save: KUBE-SVC-*
	// picks an endpoint with -m statistic, KUBE-SEP-* DNATs to it, KUBE-POSTROUTING and flannel
	// MASQUERADE (--random-fully); the node's own connections go through them from the start.
	const save = scenario.files[spec.iptablesSave];
	if (save !== undefined) {
		const etc = { ...(files['/etc/passwd'] ? { passwd: files['/etc/passwd'] } : {}) };
		const r = programmer.node({ node: spec.name, save: save.text, etc, now: ctx.now });
		if ('state' in r) ns.netfilter = r.state;
		else {
			const why = r.failure.stderr.split('\n').slice(0, 2).join(' ').trim();
			// iptables-restore refused the file (a typo, or an extension src/netfilter lacks): the
			// world still builds, with a node whose iptables commands show no rules.
			ctx.warnings.push(`${repoPath(save.folder, save.path)}: not loaded into the netfilter model (${why}); the node's iptables commands show no rules`);
		}
	}

	const processes = startProcessTree(ctx, ns, { specs: spec.processes, startedAt: bootedAt, uid: 0, gid: 0, cwd: '/', ppid: 0, caps: () => [...ALL_CAPS], role: 'node', ownPidNamespace: false, label: `node/${spec.name}` });
	const node: Node = {
		name: spec.name,
		ip: spec.internalIP.split('/')[0] ?? '',
		podCidr: spec.podCidr,
		netns: ns.id,
		hostname: spec.name,
		kernel: spec.kernel,
		osImage: spec.osImage,
		containerRuntime: spec.containerRuntime,
		kubeletVersion: spec.kubeletVersion,
		bootedAt,
		binaries: spec.binaries,
		files,
	};
	return { node, ns, processes };
}
