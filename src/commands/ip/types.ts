// The `ip` command's vocabulary. It reads and changes a Netns (src/netns/types.ts) and nothing
// else; what iproute2 prints about a device that the namespace model does not hold (the veth
// peer's index, the namespace the peer lives in, the bridge it is enslaved to) comes in LinkInfo,
// filled by whoever built the world.

import type { Netns } from '../../netns/types';

/** What `ip link` shows of a device beyond the Netns model, keyed by device name. */
export interface LinkInfo {
	/** The veth peer's ifindex in its own namespace: `eth0@if7`. */
	readonly peerIndex?: number;
	/** The peer's namespace: its name under /run/netns (`link-netns cni-1b2c…`) or, unnamed, its id (`link-netnsid 0`). */
	readonly linkNetns?: string | number;
	/** The bridge a port is enslaved to (`master cni0`). */
	readonly master?: string;
	/** `noqueue` (lo, veth, bridge) unless given. */
	readonly qdisc?: string;
	/** txqueuelen, 1000 unless given. */
	readonly qlen?: number;
}

export interface IpContext {
	readonly netns: Netns;
	readonly links?: Readonly<Record<string, LinkInfo>>;
	/** The caller's uid, which `ip route get` prints (`uid 0`). */
	readonly uid?: number;
}

/** What an `ip` command printed. */
export interface IpOutput {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

/** What one `ip` invocation printed, and the namespace it leaves (changed by add/del only). */
export interface IpRun extends IpOutput {
	readonly netns: Netns;
}

/** The global options that change what the object commands print. */
export interface Globals {
	readonly family: 'ipv4' | 'ipv6' | undefined;
	readonly brief: boolean;
	readonly oneline: boolean;
}
