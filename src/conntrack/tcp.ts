// TCP connection tracking: the state transition table of net/netfilter/nf_conntrack_proto_tcp.c
// (tcp_conntracks[dir][flag][state]), as data. Rows are the packet's flag class
// (get_conntrack_index: RST wins, then SYN or SYN+ACK, then FIN, then ACK), columns the current
// state; IV means invalid, IG means ignored (the state does not change).

import { TCP_STATES, TCP_TIMEOUTS, TCP_UNACK_TIMEOUT, type Direction, type TcpState } from './types';

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

type Cell = TcpState | 'IV' | 'IG';
type FlagClass = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

//                       NONE       SYN_SENT     SYN_RECV   ESTABLISHED  FIN_WAIT    CLOSE_WAIT  LAST_ACK    TIME_WAIT    CLOSE     SYN_SENT2
const ORIGINAL: Readonly<Record<FlagClass, readonly Cell[]>> = {
	syn: ['SYN_SENT', 'SYN_SENT', 'IG', 'IG', 'IG', 'IG', 'IG', 'SYN_SENT', 'SYN_SENT', 'SYN_SENT2'],
	synack: ['IV', 'IV', 'SYN_RECV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'SYN_RECV'],
	fin: ['IV', 'IV', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'IV'],
	ack: ['ESTABLISHED', 'IV', 'ESTABLISHED', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE', 'IV'],
	rst: ['IV', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
	none: ['IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV'],
};
const REPLY: Readonly<Record<FlagClass, readonly Cell[]>> = {
	syn: ['IV', 'SYN_SENT2', 'IV', 'IV', 'IV', 'IV', 'IV', 'SYN_SENT', 'IV', 'SYN_SENT2'],
	synack: ['IV', 'SYN_RECV', 'IG', 'IG', 'IG', 'IG', 'IG', 'IG', 'IG', 'SYN_RECV'],
	fin: ['IV', 'IV', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'IV'],
	ack: ['IV', 'IG', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE', 'IG'],
	rst: ['IV', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
	none: ['IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV'],
};

export function flagClass(flags: number): FlagClass {
	if (flags & TCP_FLAGS.RST) return 'rst';
	if (flags & TCP_FLAGS.SYN) return flags & TCP_FLAGS.ACK ? 'synack' : 'syn';
	if (flags & TCP_FLAGS.FIN) return 'fin';
	if (flags & TCP_FLAGS.ACK) return 'ack';
	return 'none';
}

/** The next state, 'invalid' or 'ignore' for a packet in `dir` while the entry is in `state`. */
export function tcpNext(state: TcpState, dir: Direction, flags: number): TcpState | 'invalid' | 'ignore' {
	const cell = (dir === 'original' ? ORIGINAL : REPLY)[flagClass(flags)][TCP_STATES.indexOf(state)] ?? 'IV';
	if (cell === 'IV') return 'invalid';
	if (cell === 'IG') return 'ignore';
	return cell;
}

/** Only a SYN may create an entry (with nf_conntrack_tcp_loose=1 a mid-stream ACK may too). */
export function tcpCanStart(flags: number): boolean {
	const c = flagClass(flags);
	return c === 'syn' || c === 'ack';
}

/**
 * The timeout after a packet (tcp_packet): a RST closes at once (CLOSE), unacknowledged data caps
 * the state's timeout at 5 minutes, otherwise the state's own timeout applies.
 */
export function tcpTimeout(state: TcpState, flags: number, unacked: boolean): number {
	if (flags & TCP_FLAGS.RST) return TCP_TIMEOUTS.CLOSE;
	const t = TCP_TIMEOUTS[state];
	return unacked && t > TCP_UNACK_TIMEOUT ? TCP_UNACK_TIMEOUT : t;
}
