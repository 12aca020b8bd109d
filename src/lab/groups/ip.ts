// `ip`, bound to the namespace where the shell stands (src/commands/ip through an IpHandle).

import { ipCommand, type LinkInfo } from '../../commands/ip';
import type { CommandSpec } from '../../shell/types';
import { netnsOf, setNetnsModel } from '../../world';
import type { World } from '../../world/types';
import { hasNetAdmin } from '../location-info';
import type { WorldHandle } from '../world-handle';
import type { WorldCommand } from '../world-registry';

/**
 * What `ip link` prints beyond the namespace model: on the node, each pod's host veth is the
 * peer of the pod's eth0 (index 2) in the namespace the runtime named, enslaved to the bridge; in
 * a pod, eth0's peer is the host veth, in the namespace the pod knows as id 0.
 */
export function linksAt(world: World, netnsId: string): Record<string, LinkInfo> {
	const links: Record<string, LinkInfo> = {};
	const ns = netnsOf(world, netnsId).netns;
	const bridge = ns.interfaces.find((i) => i.kind === 'bridge')?.name;
	for (const pod of world.pods) {
		if (pod.hostVeth === undefined || pod.hostNetwork) continue;
		if (world.nodes.some((n) => n.netns === netnsId && n.name === pod.nodeName)) {
			links[pod.hostVeth] = { peerIndex: 2, ...(pod.netnsName !== undefined ? { linkNetns: pod.netnsName } : {}), ...(bridge !== undefined ? { master: bridge } : {}) };
		} else if (pod.netns === netnsId) {
			const node = world.nodes.find((n) => n.name === pod.nodeName);
			const hostIndex = node === undefined ? undefined : netnsOf(world, node.netns).netns.interfaces.find((i) => i.name === pod.hostVeth)?.index;
			links.eth0 = { ...(hostIndex !== undefined ? { peerIndex: hostIndex } : {}), linkNetns: 0 };
		}
	}
	return links;
}

const CHANGES = new Set(['add', 'del', 'delete', 'change', 'replace', 'flush', 'append', 'prepend', 'set']);

/** `ip` where the shell stands; changes need CAP_NET_ADMIN, as rtnetlink checks. */
export function ipForWorld(handle: WorldHandle): CommandSpec {
	const spec = ipCommand({
		netns: () => netnsOf(handle.world, handle.location.netns).netns,
		setNetns: (ns) => {
			handle.world = setNetnsModel(handle.world, handle.location.netns, ns);
		},
		links: () => linksAt(handle.world, handle.location.netns),
		uid: () => handle.location.uid,
	});
	return {
		...spec,
		run(args, ctx) {
			if (!hasNetAdmin(handle.world, handle.location) && args.some((a) => CHANGES.has(a))) return { stdout: '', stderr: 'RTNETLINK answers: Operation not permitted\n', exitCode: 2 };
			return spec.run(args, ctx);
		},
	};
}

export const COMMANDS: readonly WorldCommand[] = [{ factory: ipForWorld, where: 'program' }];
