// procps-ng 4.0's output: columns of fixed width that a too-long value pushes right, the push
// being taken back from the spaces of the columns after it, and the last column cut at the
// terminal's width. Measured with procps-ng 4.0.2 on this machine (tests/unit/commands/ps.test.ts
// keeps the recorded lines): `2573888 213228 ?      S` is VSZ (width 6) and RSS (width 5) each
// one character too long, TTY's padding giving both back.
//
// The rule, as the recordings show it: every column should start at `correct` (the sum of the
// widths and single separators before it); a right-aligned value is preceded by
// `correct - actual + (width - length)` spaces, a left-aligned one by `correct - actual`, and
// never fewer than one; `actual` is where the line really is.

import type { Process } from '../../world/types';
import { HZ, MEM_TOTAL_KB, type ProcStat } from './model';

export interface Row {
	readonly p: Process;
	readonly st: ProcStat;
	/** PID and PPID as this PID namespace numbers them. */
	readonly pid: number;
	readonly ppid: number;
	readonly user: string;
	readonly tty: string;
	/** Seconds since the process started. */
	readonly elapsed: number;
}

export interface Column {
	readonly header: string;
	readonly width: number;
	readonly right: boolean;
	readonly value: (r: Row, now: Date) => string;
}

/** procps' width for PIDs: the digits of /proc/sys/kernel/pid_max (4194304 on the kind node's host). */
export const PID_WIDTH = 7;

/** STIME and START: the time today, the month and day this year, else the year (procps pr_stime). */
function startTime(r: Row, now: Date): string {
	const t = new Date(r.p.startedAt);
	const day = (d: Date): string => d.toISOString().slice(0, 10);
	if (day(t) === day(now)) return t.toISOString().slice(11, 16);
	if (t.getUTCFullYear() === now.getUTCFullYear()) return `${t.toUTCString().slice(8, 11)}${t.toISOString().slice(8, 10)}`;
	return String(t.getUTCFullYear());
}

const two = (n: number): string => String(n).padStart(2, '0');

/** TIME of -f: [DD-]HH:MM:SS. */
function cumulative(ticks: number): string {
	const s = Math.floor(ticks / HZ);
	const days = Math.floor(s / 86400);
	const hms = `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
	return days > 0 ? `${days}-${hms}` : hms;
}

/** %CPU and %MEM: tenths of a percent, `%2u.%u`, or a whole number from 100.0 on. */
function tenths(n: number): string {
	return n > 999 ? String(Math.floor(n / 10)) : `${String(Math.floor(n / 10)).padStart(2)}.${n % 10}`;
}

function pcpu(r: Row): number {
	return r.elapsed > 0 ? Math.min(9999, Math.floor((r.st.ticks * 1000) / HZ / r.elapsed)) : 0;
}

export const COLUMNS: Readonly<Record<string, Column>> = {
	uid_hack: { header: 'UID', width: 8, right: false, value: (r) => r.user },
	user: { header: 'USER', width: 8, right: false, value: (r) => r.user },
	uid: { header: 'UID', width: 5, right: true, value: (r) => String(r.p.uid) },
	pid: { header: 'PID', width: PID_WIDTH, right: true, value: (r) => String(r.pid) },
	ppid: { header: 'PPID', width: PID_WIDTH, right: true, value: (r) => String(r.ppid) },
	c: { header: 'C', width: 2, right: true, value: (r) => String(Math.floor(pcpu(r) / 10)) },
	pcpu: { header: '%CPU', width: 4, right: true, value: (r) => tenths(pcpu(r)) },
	pmem: { header: '%MEM', width: 4, right: true, value: (r) => tenths(Math.floor((r.st.rss * 1000) / MEM_TOTAL_KB)) },
	vsz: { header: 'VSZ', width: 6, right: true, value: (r) => String(r.st.vsz) },
	rss: { header: 'RSS', width: 5, right: true, value: (r) => String(r.st.rss) },
	tty: { header: 'TTY', width: 8, right: false, value: (r) => r.tty },
	tt: { header: 'TT', width: 8, right: false, value: (r) => r.tty },
	stat: { header: 'STAT', width: 4, right: false, value: (r) => r.st.stat },
	stime: { header: 'STIME', width: 5, right: true, value: startTime },
	start: { header: 'START', width: 5, right: true, value: startTime },
	time: { header: 'TIME', width: 8, right: true, value: (r) => cumulative(r.st.ticks) },
	bsdtime: { header: 'TIME', width: 6, right: true, value: (r) => `${Math.floor(r.st.ticks / HZ / 60)}:${two(Math.floor(r.st.ticks / HZ) % 60)}` },
	comm: { header: 'CMD', width: 15, right: false, value: (r) => r.p.comm },
	ucomm: { header: 'COMMAND', width: 15, right: false, value: (r) => r.p.comm },
	args: { header: 'CMD', width: 27, right: false, value: (r) => (r.p.argv.length === 0 ? `[${r.p.comm}]` : r.p.argv.join(' ')) },
	command: { header: 'COMMAND', width: 27, right: false, value: (r) => (r.p.argv.length === 0 ? `[${r.p.comm}]` : r.p.argv.join(' ')) },
	etimes: { header: 'ELAPSED', width: 7, right: true, value: (r) => String(Math.floor(r.elapsed)) },
	nlwp: { header: 'NLWP', width: 4, right: true, value: (r) => String(r.p.threads) },
};

/** The names -o accepts for each column (ps(1), STANDARD FORMAT SPECIFIERS). */
export const FORMAT_NAMES: Readonly<Record<string, string>> = {
	pid: 'pid', ppid: 'ppid', user: 'user', euser: 'user', uname: 'user', uid: 'uid', euid: 'uid',
	c: 'c', pcpu: 'pcpu', '%cpu': 'pcpu', pmem: 'pmem', '%mem': 'pmem', vsz: 'vsz', vsize: 'vsz', rss: 'rss', rssize: 'rss',
	tty: 'tt', tt: 'tt', tname: 'tt', stat: 'stat', stime: 'stime', start_time: 'stime', start: 'start', bsdstart: 'start',
	time: 'time', cputime: 'time', bsdtime: 'bsdtime', comm: 'ucomm', ucomm: 'ucomm', ucmd: 'comm', args: 'command', command: 'command',
	cmd: 'args', etimes: 'etimes', nlwp: 'nlwp', thcount: 'nlwp',
};

/** One line of columns laid out as procps does; `width` cuts the line (undefined: no limit). */
function layout(cells: readonly string[], cols: readonly Column[], width: number | undefined): string {
	let line = '';
	let correct = 0;
	cols.forEach((col, i) => {
		const text = cells[i] ?? '';
		const lead = col.right ? Math.max(0, col.width - text.length) : 0;
		let space = correct - line.length + lead;
		if (i > 0 && space < 1) space = 1;
		if (i === 0) space = Math.max(0, space);
		line += ' '.repeat(space) + text;
		correct += col.width + 1;
	});
	return width === undefined ? line : line.slice(0, width);
}

export function renderTable(rows: readonly Row[], cols: readonly Column[], now: Date, opts: { readonly width?: number; readonly headers: boolean }): string {
	const lines: string[] = [];
	if (opts.headers) lines.push(layout(cols.map((c) => c.header), cols, opts.width));
	for (const r of rows) lines.push(layout(cols.map((c) => c.value(r, now)), cols, opts.width));
	return lines.map((l) => `${l}\n`).join('');
}
