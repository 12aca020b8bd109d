// One captured packet as tcpdump prints it: [-# number] timestamp, for `-i any` the interface
// and direction (Linux cooked v2: `eth0  Out `, `lo    In  `), `IP`, the -v header, the
// transport, then the -A / -x / -X dump; one "\n" at the end.

import { ipLength, packetBytes } from '../../../capture/bytes';
import type { CaptureEvent } from '../../../capture/types';
import type { SeqTracker } from '../seq';
import { asciiDump, hexDump } from './dump';
import { timestamp, type TimeStyle } from './format';
import { transportText, type TransportOptions } from './transport';

export type LinkType = 'EN10MB' | 'LINUX_SLL2';

export interface PrintOptions extends TransportOptions {
	readonly link: LinkType;
	readonly time: TimeStyle;
	readonly ascii: boolean;
	/** -x count and -X count. */
	readonly hex: number;
	readonly hexAscii: number;
	/** -#: number the packets. */
	readonly number: boolean;
}

/** What printing remembers between packets: the sequence table and the times for -ttt/-ttttt. */
export interface PrintState {
	readonly seqs: SeqTracker;
	previousUs: number | undefined;
	firstUs: number | undefined;
	printed: number;
}

const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

export function renderPacket(e: CaptureEvent, o: PrintOptions, st: PrintState): string {
	const p = e.packet;
	st.printed++;
	const number = o.number ? `${String(st.printed).padStart(5)}  ` : '';
	const ts = timestamp(o.time, e.timeUs, st.previousUs, st.firstUs);
	st.previousUs = e.timeUs;
	st.firstUs ??= e.timeUs;
	const where = o.link === 'LINUX_SLL2' ? `${e.iface.padEnd(5)} ${(e.direction === 'in' ? 'In' : 'Out').padEnd(3)} ` : '';
	const body = transportText(p, o, st.seqs);
	const head = o.verbose > 0
		? `IP (tos 0x${p.tos.toString(16)}, ttl ${p.ttl}, id ${p.id}, offset 0, flags [${p.df ? 'DF' : 'none'}], proto ${PROTO_NAMES[p.proto] ?? 'unknown'} (${p.proto}), length ${ipLength(p)})\n    ${body}`
		: `IP ${body}`;
	let dump = '';
	if (o.hexAscii > 0) dump = hexDump(packetBytes(p), true);
	else if (o.hex > 0) dump = hexDump(packetBytes(p), false);
	else if (o.ascii) dump = asciiDump(packetBytes(p));
	return `${number}${ts}${where}${head}${dump}\n`;
}

export function newPrintState(seqs: SeqTracker): PrintState {
	return { seqs, previousUs: undefined, firstUs: undefined, printed: 0 };
}
