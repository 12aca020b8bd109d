// `conntrack -L` lines as conntrack-tools 1.4.7 prints them (libnetfilter_conntrack's default
// output, checked against recorded output in tests/fixtures/conntrack/recorded):
//
//   tcp      6 431999 ESTABLISHED src=A dst=B sport=P dport=Q [UNREPLIED] src=.. [ASSURED] mark=0 zone=1 use=1
//
// The protocol name is padded to 8 columns, then the number; UDP has no state word; [UNREPLIED]
// follows the original tuple, [ASSURED] the reply tuple; zone= appears only for a non-zero zone.
// `-o extended` puts the family first (`ipv4     2 `).

import { secondsLeft } from './table';
import { PROTO_NAMES, type CtEntry, type Tuple } from './types';

const tupleText = (t: Tuple): string => `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;

export interface RenderOptions {
	readonly extended?: boolean;
}

export function entryLine(e: CtEntry, now: number, opts: RenderOptions = {}): string {
	const name = PROTO_NAMES[e.orig.proto] ?? 'unknown';
	let line = '';
	if (opts.extended) line += `${(e.orig.family === 'ipv4' ? 'ipv4' : 'ipv6').padEnd(8, ' ')} ${e.orig.family === 'ipv4' ? 2 : 10} `;
	line += `${name.padEnd(8, ' ')} ${e.orig.proto} ${secondsLeft(e, now)} `;
	if (e.tcp !== undefined) line += `${e.tcp} `;
	line += tupleText(e.orig);
	if (!e.seenReply) line += ' [UNREPLIED]';
	line += ` ${tupleText(e.reply)}`;
	if (e.assured) line += ' [ASSURED]';
	line += ` mark=${e.mark >>> 0}`;
	if (e.zone !== 0) line += ` zone=${e.zone}`;
	return `${line} use=1`;
}

export const CONNTRACK_BANNER = 'conntrack v1.4.7 (conntrack-tools)';

/** The summary `conntrack -L` writes to stderr after the entries. */
export function summaryLine(count: number): string {
	return `${CONNTRACK_BANNER}: ${count} flow entries have been shown.\n`;
}
