// tcpdump's relative sequence numbers (print-tcp.c, without -S). It keeps one entry per
// conversation, keyed by the two address:port pairs in a fixed order so both directions share
// it. Only a packet with ACK set looks the table up: when its conversation is new, or when it also
// carries SYN, the entry is (re)started from it (its own seq, and ack - 1 for the peer) and its
// numbers print absolute; later packets print seq and ack relative to that entry.
//
// That is why, on lo, the app's redirected connection prints absolute numbers twice: its packets
// read `10.244.1.5.P > 127.0.0.1.15001` and its replies `10.96.0.50.9080 > 10.244.1.5.P`, two
// conversations for tcpdump, so the first ACK of each starts an entry of its own and the data
// that follows is numbered from 0, not 1 (kernel-notes.md, fact 27).

import { v4Fast } from '../../netns/addr';
import type { WirePacket } from '../../capture/types';

const ACK = 0x10;
const SYN = 0x02;

interface Entry {
	/** Base of the sequence numbers of the endpoint that sorts first, and of the other. */
	readonly first: number;
	readonly second: number;
}

export class SeqTracker {
	readonly #table = new Map<string, Entry>();

	/** The seq and ack numbers tcpdump prints for this packet (and the table after it). */
	numbers(p: WirePacket, absolute: boolean): { readonly seq: number; readonly ack: number } {
		const seq = p.tcp?.seq ?? 0;
		const ack = p.tcp?.ack ?? 0;
		if (absolute || (p.flags & ACK) === 0) return { seq, ack };
		const a = v4Fast(p.src);
		const b = v4Fast(p.dst);
		// The sender sorts first when its address (then port) is the smaller one.
		const senderFirst = a < b || (a === b && p.sport < p.dport);
		const key = senderFirst ? `${p.src}:${p.sport}>${p.dst}:${p.dport}` : `${p.dst}:${p.dport}>${p.src}:${p.sport}`;
		const e = this.#table.get(key);
		if (e === undefined || (p.flags & SYN) !== 0) {
			const mine = seq;
			const theirs = (ack - 1) >>> 0;
			this.#table.set(key, senderFirst ? { first: mine, second: theirs } : { first: theirs, second: mine });
			return { seq, ack };
		}
		const mine = senderFirst ? e.first : e.second;
		const theirs = senderFirst ? e.second : e.first;
		return { seq: (seq - mine) >>> 0, ack: (ack - theirs) >>> 0 };
	}
}
