// Adapters that bind the namespace commands built outside the lab to the WorldHandle: `ip`
// (src/commands/ip, bound to one namespace through an IpHandle), `ss`, `netstat`, `lsof` (already
// WorldHandle factories), `curl` and `nc` (their packets go through the lab's tap to the capture
// feeds) and `tcpdump` (bound, when it starts, to the feed of the namespace it runs in).

import { CaptureFeed } from '../capture/feed';
import { curlCommandWith } from '../commands/curl';
import { ipCommand, type LinkInfo } from '../commands/ip';
import { lsofCommand } from '../commands/lsof';
import { ncCommandWith } from '../commands/nc';
import { netstatCommand } from '../commands/netstat';
import { ssCommand } from '../commands/ss';
import { parseTcpdumpArgs, runTcpdump } from '../commands/tcpdump';
import { resolverFromFiles } from '../netfilter/names';
import type { CommandSpec } from '../shell';
import { DEBIAN_SERVICES } from '../sockets-view/services-data';
import { hostsAt } from '../sockets-view/world';
import { filesAt, netnsOf, setNetnsModel } from '../world';
import type { World } from '../world/types';
import { capabilitiesAt, hasNetAdmin } from './location-info';
import type { WorldHandle } from './world-handle';

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

export const ssForWorld = (handle: WorldHandle): CommandSpec => ssCommand(handle);
export const netstatForWorld = (handle: WorldHandle): CommandSpec => netstatCommand(handle);
export const lsofForWorld = (handle: WorldHandle): CommandSpec => lsofCommand(handle);

/** curl whose packets are captured where they pass. */
export const curlForWorld = (handle: WorldHandle): CommandSpec => curlCommandWith(handle, handle.traffic !== undefined ? { tap: handle.traffic.tap } : {});

/** nc whose packets are captured where they pass. */
export const ncForWorld = (handle: WorldHandle): CommandSpec => ncCommandWith(handle, handle.traffic !== undefined ? { tap: handle.traffic.tap } : {});

/** A feed nobody publishes to, for a handle without the lab's capture. */
const SILENT = new CaptureFeed();

/**
 * `tcpdump` in the namespace where the shell stands. Opening a packet socket needs CAP_NET_RAW
 * (packet_create); without it libpcap 1.10.3 reports EPERM for any device, before it looks the
 * device up or compiles the filter, as recorded as uid 1337 with no capabilities:
 *   tcpdump: eth0: You don't have permission to perform this capture on that device
 *   (socket: Operation not permitted)
 * -D, -h and --version open no socket.
 */
export function tcpdumpForWorld(handle: WorldHandle): CommandSpec {
	return {
		name: 'tcpdump',
		path: '/usr/bin/tcpdump',
		help: {
			summary: {
				en: 'print the packets a device of the pod sees (tcpdump 4.99): before netfilter on the way in, after it on the way out',
				zh: '打印 Pod 网卡上看到的数据包（tcpdump 4.99）：入方向在 netfilter 之前抓到，出方向在 netfilter 之后抓到',
			},
			usage: 'tcpdump [-AnlqSvxX#] [ -c count ] [ -i interface ] [ -Q in|out|inout ] [ expression ]',
		},
		run(args, ctx) {
			const at = handle.location;
			const ns = netnsOf(handle.world, at.netns).netns;
			const parsed = parseTcpdumpArgs(args);
			if (parsed.ok && parsed.args.action === 'capture' && !capabilitiesAt(handle.world, at).includes('NET_RAW')) {
				const device = parsed.args.iface ?? ns.interfaces.find((i) => i.kind !== 'loopback' && i.flags.includes('UP'))?.name ?? 'lo';
				return { stdout: '', stderr: `tcpdump: ${device}: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n`, exitCode: 1 };
			}
			const files = filesAt(handle.world, at);
			const names = resolverFromFiles({
				hosts: hostsAt(handle.world, at),
				services: files['/etc/services'] ?? DEBIAN_SERVICES.join('\n'),
				...(files['/etc/passwd'] !== undefined ? { passwd: files['/etc/passwd'] } : {}),
				...(files['/etc/group'] !== undefined ? { group: files['/etc/group'] } : {}),
			});
			const netns = at.netns;
			return runTcpdump(args, { netns: () => netnsOf(handle.world, netns).netns, capture: handle.traffic?.feed(netns) ?? SILENT, names }, ctx.lang);
		},
	};
}
