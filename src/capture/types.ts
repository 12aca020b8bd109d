// The packet-capture vocabulary: read this file first.
//
// tcpdump does not watch sockets or netfilter; it watches devices. The kernel hands it a copy of
// each packet at one point of the packet's path (dev_queue_xmit_nit on the way out,
// __netif_receive_skb on the way in), which is why what it shows depends on where netfilter ran:
//
//   arriving:  wire -> NIC -> [capture "in" on eth0] -> PREROUTING (REDIRECT/TPROXY) -> INPUT
//   leaving:   OUTPUT (REDIRECT) -> POSTROUTING -> [capture "out" on eth0] -> NIC -> wire
//   looped:    OUTPUT -> POSTROUTING -> [capture "out" on lo] -> [capture "in" on lo] -> PREROUTING
//
// So an inbound connection shows its original port (9080) on eth0 and never 15006, and the app's
// outbound connection shows on lo already redirected to 127.0.0.1:15001, while the replies, whose
// source conntrack rewrote back in POSTROUTING, show the original peer: one TCP stream seen with
// two different address pairs (kernel-notes.md, facts 26-28).
//
// ./points.ts derives the capture points of one packet from the engine's trace; ./tcp.ts supplies
// what the engine does not model (sequence numbers, windows, options, IP ids); ./wire.ts puts the
// two together into CaptureEvents; ./feed.ts delivers them to whoever captures (tcpdump).

/** TCP options as Linux sends them and tcpdump names them. */
export type TcpOption =
	| { readonly kind: 'mss'; readonly value: number }
	| { readonly kind: 'sackOK' }
	| { readonly kind: 'ts'; readonly val: number; readonly ecr: number }
	| { readonly kind: 'nop' }
	| { readonly kind: 'wscale'; readonly shift: number }
	| { readonly kind: 'eol' };

export interface TcpFields {
	readonly seq: number;
	readonly ack: number;
	/** The window field as sent (already scaled down by the sender's window scale). */
	readonly window: number;
	readonly options: readonly TcpOption[];
	readonly urgent: number;
}

export interface IcmpFields {
	readonly type: number;
	readonly code: number;
	readonly id: number;
	readonly seq: number;
}

/**
 * One IPv4 packet as a capture point sees it: every header field tcpdump can print, and the
 * payload bytes (what `-A` shows). Addresses and ports are those at the capture point, after any
 * NAT that already happened there.
 */
export interface WirePacket {
	readonly family: 'ipv4';
	readonly src: string;
	readonly dst: string;
	/** 6 tcp, 17 udp, 1 icmp. */
	readonly proto: number;
	readonly tos: number;
	readonly ttl: number;
	readonly id: number;
	/** IP_DF: Linux sets it on TCP and on UDP with path MTU discovery (the default). */
	readonly df: boolean;
	readonly sport: number;
	readonly dport: number;
	/** TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
	readonly flags: number;
	readonly tcp?: TcpFields;
	readonly icmp?: IcmpFields;
	/** Data after the transport header. */
	readonly payload: Uint8Array;
	/**
	 * How the transport checksum field reads on the wire: `partial` when the sender left it to
	 * checksum offload (CHECKSUM_PARTIAL: only the pseudo-header sum is filled in), which is what
	 * Linux does on lo and on veth, so `tcpdump -v` reports "incorrect"; `full` when computed.
	 */
	readonly checksum: 'partial' | 'full';
}

/** `in`: PACKET_HOST (received); `out`: PACKET_OUTGOING (sent by this namespace). */
export type CaptureDirection = 'in' | 'out';

/** A packet seen at one device, at one moment of the simulated clock. */
export interface CaptureEvent {
	/** Microseconds since the epoch (tcpdump prints microseconds). */
	readonly timeUs: number;
	readonly iface: string;
	readonly direction: CaptureDirection;
	readonly packet: WirePacket;
}

/** Where one packet is seen, and with which addresses (derived from an engine trace). */
export interface CapturePoint {
	readonly iface: string;
	readonly direction: CaptureDirection;
	readonly src: string;
	readonly dst: string;
	readonly sport: number;
	readonly dport: number;
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

export const PROTO = { icmp: 1, tcp: 6, udp: 17 } as const;
