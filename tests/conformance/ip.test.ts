// `ip` against the kernel recordings: the namespaces of each case (sidecar pod, peer pod, node) are
// built with the model from case.json's topology, and the recorded `ip addr`, `ip route`,
// `ip rule`, `ip route show table local` and `ip route show table 133` (an error where no TPROXY
// table exists) must come out byte for byte, stderr and exit status included. `ip neigh` is not
// modelled. The recorder turned IPv6 off on eth0 in the pods and everywhere on the node, so those
// namespaces hold no IPv6 address there, and the output shows none.

import { describe, expect, it } from 'vitest';
import { runIp, type LinkInfo } from '../../src/commands/ip';
import { addAddress, addLink, addRoute, newNetns } from '../../src/netns/build';
import type { LinkKind, Netns, NetnsResult } from '../../src/netns/types';
import { caseNames, podNetns, readCase, recorded, type CaseFile } from './replay';

function must<T>(r: NetnsResult<T>): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

interface TopoInterface {
	name: string;
	kind?: LinkKind;
	mac?: string;
	addresses?: string[];
	master?: string;
	peer?: string;
}

/** Every IPv6 address and route removed: what `disable_ipv6=1` leaves. */
function withoutIpv6(ns: Netns): Netns {
	return { ...ns, interfaces: ns.interfaces.map((i) => ({ ...i, addresses: i.addresses.filter((a) => a.family === 'ipv4') })), routes: ns.routes.filter((r) => r.family === 'ipv4') };
}

function nodeNetns(kase: CaseFile): Netns {
	const node = (kase.topology as unknown as { node: { netns: string; interfaces: TopoInterface[] } }).node;
	let ns = newNetns(node.netns);
	for (const i of node.interfaces) {
		if (i.name === 'lo') continue;
		ns = must(addLink(ns, { name: i.name, kind: i.kind ?? 'veth', mac: i.mac ?? '' }));
		for (const a of i.addresses ?? []) ns = must(addAddress(ns, i.name, a));
	}
	return withoutIpv6(ns);
}

function peerNetns(kase: CaseFile): Netns {
	const pod = kase.topology.pods.find((p) => p.key === 'peer') as { hostname: string; interfaces: TopoInterface[]; routes: string[] };
	let ns = newNetns(pod.hostname);
	for (const i of pod.interfaces) {
		if (i.name === 'lo') continue;
		ns = must(addLink(ns, { name: i.name, mac: i.mac ?? '' }));
		for (const a of i.addresses ?? []) ns = must(addAddress(ns, i.name, a));
	}
	for (const r of pod.routes) {
		const m = /^default via (\S+) dev (\S+)$/.exec(r);
		if (m) ns = must(addRoute(ns, { dst: 'default', via: m[1] ?? '', dev: m[2] ?? '' }));
	}
	return ns;
}

/** veth peers: `eth0@if3 ... link-netns slrec-node` in a pod, `veth-sidecar@if2 ... master cni0 ... link-netns slrec-pod` on the node. */
function linkInfo(kase: CaseFile, node: Netns): { pod: Record<string, LinkInfo>; peer: Record<string, LinkInfo>; node: Record<string, LinkInfo> } {
	const topo = (kase.topology as unknown as { node: { interfaces: TopoInterface[] }; namespaces: Record<string, string> }).node;
	const index = (name: string): number => node.interfaces.find((i) => i.name === name)?.index ?? 0;
	const nodeLinks: Record<string, LinkInfo> = {};
	const podLinks: Record<string, Record<string, LinkInfo>> = {};
	for (const i of topo.interfaces) {
		if (i.peer === undefined) continue;
		const [peerNs = '', peerDev = ''] = i.peer.split('/');
		// A pod's eth0 is its second device (after lo), index 2.
		nodeLinks[i.name] = { peerIndex: 2, linkNetns: peerNs, ...(i.master !== undefined ? { master: i.master } : {}) };
		podLinks[peerNs] = { [peerDev]: { peerIndex: index(i.name), linkNetns: node.name } };
	}
	const ns = (kase.topology as unknown as { namespaces: Record<string, string> }).namespaces;
	return { pod: podLinks[ns.sidecar ?? ''] ?? {}, peer: podLinks[ns.peer ?? ''] ?? {}, node: nodeLinks };
}

const CASES = caseNames();

describe.runIf(CASES.length > 0).each(CASES)('ip in recording %s', (name) => {
	const { kase, index } = readCase(name);
	const node = nodeNetns(kase);
	const links = linkInfo(kase, node);
	const where: Record<string, { netns: Netns; links: Record<string, LinkInfo> }> = {
		'slrec-pod': { netns: podNetns(kase), links: links.pod },
		'slrec-peer': { netns: peerNetns(kase), links: links.peer },
		'slrec-node': { netns: node, links: links.node },
	};
	const files = index.filter((e) => e.phase === 'topology' && e.command[0] === 'ip' && e.command[1] !== 'neigh');
	it.each(files.map((e) => [`${e.netns}: ${e.command.join(' ')}`, e] as const))('%s', (_, e) => {
		const ctx = where[e.netns];
		if (ctx === undefined) throw new Error(`no namespace ${e.netns}`);
		const r = runIp(e.command.slice(1), ctx);
		expect(r.stdout).toBe(recorded(name, e.file));
		expect(r.stderr).toBe(e.stderrFile === null ? '' : recorded(name, e.stderrFile));
		expect(r.exitCode).toBe(e.exitCode);
	});
});
