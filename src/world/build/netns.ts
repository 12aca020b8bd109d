// The network namespaces as the CNI leaves them. flannel delegates to the bridge plugin
// (isDefaultGateway, hairpinMode) with host-local IPAM on the node's pod CIDR and a route to the
// cluster CIDR; the node has the cni0 bridge, the flannel.1 VXLAN device with a route per peer
// node, and one veth per pod enslaved to cni0.

import { addAddress, addLink, addRoute, newNetns } from '../../netns/build';
import type { LinkKind, Netns, NetnsResult } from '../../netns/types';

function must<T>(r: NetnsResult<T>, what: string): T {
	if (!r.ok) throw new Error(`broken invariant: ${what}: ${r.error.message}`);
	return r.value;
}

/** A pod sandbox's namespace: lo, eth0 with the pod address, routes via the bridge. */
export function podNetns(name: string, ip: string, prefix: number, mac: string, gateway: string, clusterCidr: string): Netns {
	let ns = newNetns(name);
	ns = must(addLink(ns, { name: 'eth0', kind: 'veth', mac, mtu: 1450 }), 'pod eth0');
	ns = must(addAddress(ns, 'eth0', `${ip}/${prefix}`), 'pod address');
	ns = must(addRoute(ns, { dst: 'default', via: gateway, dev: 'eth0' }), 'pod default route');
	ns = must(addRoute(ns, { dst: clusterCidr, via: gateway, dev: 'eth0' }), 'pod cluster route');
	return ns;
}

export interface NodeLinks {
	readonly name: string;
	readonly address: string;
	readonly mac: string;
	readonly gateway: string;
	readonly bridge: { readonly device: string; readonly mac: string; readonly address: string };
	readonly vxlan?: { readonly device: string; readonly mac: string; readonly address: string; readonly peers: readonly { readonly podCidr: string; readonly vtep: string }[] };
	/** Host ends of the pods' veth pairs, in creation order. */
	readonly veths: readonly { readonly name: string; readonly mac: string }[];
}

/**
 * The node's namespace. Its eth0 is the kind container's interface on the docker network;
 * flannel.1 has no VXLAN link kind in the netns model yet, so it is an `ethernet` device here.
 */
export function nodeNetns(n: NodeLinks): Netns {
	let ns = newNetns(n.name);
	ns = must(addLink(ns, { name: 'eth0', kind: 'veth', mac: n.mac }), 'node eth0');
	ns = must(addAddress(ns, 'eth0', n.address), 'node address');
	ns = must(addRoute(ns, { dst: 'default', via: n.gateway, dev: 'eth0' }), 'node default route');
	if (n.vxlan !== undefined) {
		ns = must(addLink(ns, { name: n.vxlan.device, kind: 'ethernet' satisfies LinkKind, mac: n.vxlan.mac, mtu: 1450 }), 'vxlan');
		ns = must(addAddress(ns, n.vxlan.device, `${n.vxlan.address}/32`), 'vxlan address');
		for (const p of n.vxlan.peers) ns = must(addRoute(ns, { dst: p.podCidr, via: p.vtep, dev: n.vxlan.device }), 'vxlan peer route');
	}
	ns = must(addLink(ns, { name: n.bridge.device, kind: 'bridge', mac: n.bridge.mac, mtu: 1450 }), 'bridge');
	ns = must(addAddress(ns, n.bridge.device, n.bridge.address), 'bridge address');
	for (const v of n.veths) ns = must(addLink(ns, { name: v.name, kind: 'veth', mac: v.mac, mtu: 1450 }), 'veth');
	return ns;
}
