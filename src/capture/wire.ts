// From an engine trace to capture events: the capture points of the packet (./points.ts), each
// with the addresses seen there, and the fields the sender put in it (./tcp.ts for TCP; a bare
// header for UDP and ICMP). NAT changes addresses and ports only, so every copy of one packet
// shares its sequence numbers, options, IP id and payload.

import type { PacketTrace } from '../netfilter/engine/types';
import { ipLength } from './bytes';
import { capturePoints } from './points';
import { nextDatagramId, nextSegment, type TcpConversation } from './tcp';
import type { CaptureEvent, IcmpFields, WirePacket } from './types';

export interface TraceTiming {
	/** When the copies are taken, in microseconds since the epoch. */
	readonly timeUs: number;
	/** The sender's TCP clock in milliseconds (for TS val); by default timeUs / 1000. */
	readonly clockMs?: number;
}

export interface TraceWire {
	readonly conv: TcpConversation;
	readonly events: readonly CaptureEvent[];
	/** The packet as its sender built it (before any NAT). */
	readonly packet: WirePacket | undefined;
}

export interface WireOptions {
	/** The payload bytes; zeros of the trace's payload length when absent (the lab passes the HTTP text). */
	readonly data?: Uint8Array;
	/** For ICMP: type, code, id, seq. */
	readonly icmp?: IcmpFields;
	readonly ttl?: number;
}

function senderHeader(trace: PacketTrace): { src: string; dst: string; sport: number; dport: number; proto: number; payload: number } | undefined {
	for (const s of trace.steps) if (s.kind === 'hook') return s.packet;
	return undefined;
}

/** The sender's side of one traced packet: the conversation after it and the fields it carries. */
function sent(conv: TcpConversation, trace: PacketTrace, h: NonNullable<ReturnType<typeof senderHeader>>, payload: number, clockMs: number, icmp: IcmpFields | undefined): { next: TcpConversation; fields: Pick<WirePacket, 'id' | 'flags' | 'tcp' | 'icmp'> } {
	if (h.proto === 6) {
		const socketless = trace.direction === 'reply' && conv.server.sndNxt === conv.server.isn && (trace.flags & 0x04) !== 0;
		const seg = nextSegment(conv, { direction: trace.direction, flags: trace.flags, payload, clockMs, socketless });
		return { next: seg.conv, fields: { id: seg.ipId, flags: trace.flags, tcp: seg.tcp } };
	}
	const d = nextDatagramId(conv, trace.direction);
	return { next: d.conv, fields: { id: d.ipId, flags: 0, ...(icmp !== undefined ? { icmp } : {}) } };
}

/**
 * The capture events of one traced packet of a conversation, and the conversation after it.
 * `trace.direction` says which endpoint sent it; a reset with no owner on a refused connection is
 * built as the kernel's socketless reset.
 */
export function traceEvents(conv: TcpConversation, trace: PacketTrace, timing: TraceTiming, opts: WireOptions = {}): TraceWire {
	const h = senderHeader(trace);
	if (h === undefined) return { conv, events: [], packet: undefined };
	const data = opts.data ?? new Uint8Array(h.payload);
	const { next, fields } = sent(conv, trace, h, data.length, timing.clockMs ?? Math.floor(timing.timeUs / 1000), opts.icmp);
	const base: WirePacket = { family: 'ipv4', src: h.src, dst: h.dst, sport: h.sport, dport: h.dport, proto: h.proto, tos: 0, ttl: opts.ttl ?? 64, df: true, payload: data, checksum: 'partial', ...fields };
	if (ipLength(base) !== trace.length && opts.data === undefined) {
		throw new Error(`broken invariant: a ${trace.length}-byte packet built as ${ipLength(base)} bytes`);
	}
	const events = capturePoints(trace).map((p): CaptureEvent => ({
		timeUs: timing.timeUs,
		iface: p.iface,
		direction: p.direction,
		packet: { ...base, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport },
	}));
	return { conv: next, events, packet: base };
}

/**
 * The conversation after one traced packet nobody captures: the numbers move on as traceEvents
 * would move them (so a capture started later continues from them), without building the copies.
 * `payload` is the packet's payload in bytes (the trace's own length when absent).
 */
export function advanceConversation(conv: TcpConversation, trace: PacketTrace, timing: TraceTiming, payload?: number): TcpConversation {
	const h = senderHeader(trace);
	if (h === undefined) return conv;
	return sent(conv, trace, h, payload ?? h.payload, timing.clockMs ?? Math.floor(timing.timeUs / 1000), undefined).next;
}
