// BusyBox's ps, as Alpine-based images (curlimages/curl) have it: `PID   USER     TIME  COMMAND`,
// every option of procps accepted and ignored except -o, -T (procps/ps.c, CONFIG_DESKTOP=y,
// BusyBox 1.37): PID `%5u`, USER cut to 8, TIME `mm:ss` (`hhHmm`, `ddDhh` when longer), then the
// command line; the line is cut one short of the terminal's width when stdout is a terminal.

import { HZ } from './model';

export interface BusyboxRow {
	readonly pid: number;
	readonly user: string;
	readonly ticks: number;
	readonly args: string;
}

function time(ticks: number): string {
	let t = Math.floor(ticks / HZ);
	const s = t % 60;
	t = Math.floor(t / 60);
	if (t < 60) return `${String(t).padStart(2)}:${String(s).padStart(2, '0')}`;
	const m = t % 60;
	t = Math.floor(t / 60);
	if (t < 24) return `${String(t).padStart(2)}h${String(m).padStart(2, '0')}`;
	const h = t % 24;
	t = Math.floor(t / 24);
	return t < 100 ? `${String(t).padStart(2)}d${String(h).padStart(2, '0')}` : `${String(t).padStart(4)}d`;
}

/** The options BusyBox's ps takes (getopt32 "Zo:*aAdeflT"); anything else is an error. */
export function busyboxPsError(args: readonly string[]): string | undefined {
	for (const a of args) {
		if (!a.startsWith('-') || a === '-') continue;
		for (const c of a.slice(1)) {
			if (c === 'o') break;
			if (!'ZaAdeflT'.includes(c)) return `ps: invalid option -- '${c}'\nBusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.\n\nUsage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n`;
		}
	}
	return undefined;
}

export function busyboxPs(rows: readonly BusyboxRow[], width: number | undefined): string {
	const cut = (line: string): string => (width === undefined ? line : line.slice(0, width));
	const lines = [cut('PID   USER     TIME  COMMAND')];
	for (const r of rows) lines.push(cut(`${String(r.pid).padStart(5)} ${r.user.slice(0, 8).padEnd(8)} ${time(r.ticks)} ${r.args}`));
	return lines.map((l) => `${l}\n`).join('');
}
