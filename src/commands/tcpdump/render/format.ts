// Small pieces of tcpdump's line: timestamps in the -t styles, names for addresses and ports
// (unless -n), TCP flags and options as print-tcp.c spells them.

import type { NameResolver } from '../../../netfilter/names';
import type { TcpOption } from '../../../capture/types';

/** -t count: 0 time of day, 1 none, 2 epoch seconds, 3 delta to the previous packet, 4 date and time, 5 delta to the first. */
export type TimeStyle = 0 | 1 | 2 | 3 | 4 | 5;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function clock(us: number): string {
	const s = Math.floor(us / 1e6);
	return `${pad(Math.floor(s / 3600) % 24, 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(us % 1e6, 6)}`;
}

function delta(us: number): string {
	const s = Math.floor(us / 1e6);
	return ` ${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(us % 1e6, 6)}`;
}

/** Days since 1970-01-01 to a proleptic Gregorian [year, month, day] (H. Hinnant's civil_from_days). */
function civilDate(days: number): [number, number, number] {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The timestamp and the space after it ('' with -t). Times are UTC, the lab's time zone. */
export function timestamp(style: TimeStyle, us: number, previous: number | undefined, first: number | undefined): string {
	switch (style) {
		case 0:
			return `${clock(us)} `;
		case 1:
			return '';
		case 2:
			return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)} `;
		case 3:
			return `${delta(us - (previous ?? us))} `;
		case 4: {
			const [y, m, d] = civilDate(Math.floor(us / 86_400_000_000));
			return `${y}-${pad(m, 2)}-${pad(d, 2)} ${clock(us)} `;
		}
		case 5:
			return `${delta(us - (first ?? us))} `;
	}
}

export interface Naming {
	/** -n: addresses and ports stay numbers. */
	readonly numeric: boolean;
	readonly names: NameResolver;
}

export function hostName(n: Naming, addr: string): string {
	return n.numeric ? addr : (n.names.host(addr) ?? addr);
}

export function portName(n: Naming, port: number, proto: 'tcp' | 'udp'): string {
	return n.numeric ? String(port) : (n.names.service(port, proto) ?? String(port));
}

const FLAG_CHARS: readonly [number, string][] = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];

/** `S`, `S.`, `P.`, `F.`, `R.`; `none` without any flag. */
export function tcpFlags(flags: number): string {
	const s = FLAG_CHARS.filter(([bit]) => (flags & bit) !== 0).map(([, c]) => c).join('');
	return s === '' ? 'none' : s;
}

export function tcpOption(o: TcpOption): string {
	switch (o.kind) {
		case 'mss':
			return `mss ${o.value}`;
		case 'sackOK':
			return 'sackOK';
		case 'ts':
			return `TS val ${o.val} ecr ${o.ecr}`;
		case 'nop':
			return 'nop';
		case 'wscale':
			return `wscale ${o.shift}`;
		case 'eol':
			return 'eol';
	}
}

export const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
