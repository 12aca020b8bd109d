// ls(1) from GNU coreutils in the C locale: byte-order sorting; one name per line when stdout is
// not a terminal, columns (-C, like GNU's vertical layout) when it is; -a, -A, -d, -l, -h, -r, -1.
// -l reads owner names from /etc/passwd and /etc/group of the virtual filesystem and shows
// times as "Mon DD HH:MM" in UTC (the simulated world has no "six months ago").

import { type FileStat, STRERROR, resolvePath, type VirtualFs } from '../../fs';
import type { CommandContext, CommandSpec } from '../../types';
import { has, ok, parseOptions, tryHelp } from '../util';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function names(fs: VirtualFs, file: string): Map<number, string> {
	const m = new Map<number, string>();
	const text = fs.read(file);
	if (typeof text !== 'string') return m;
	for (const line of text.split('\n')) {
		const f = line.split(':');
		if (f.length >= 3 && /^\d+$/.test(f[2] as string)) m.set(Number(f[2]), f[0] as string);
	}
	return m;
}

function modeString(st: FileStat): string {
	const type = st.type === 'dir' ? 'd' : st.type === 'device' ? 'c' : '-';
	let s = '';
	for (let shift = 6; shift >= 0; shift -= 3) {
		const bits = (st.mode >> shift) & 7;
		s += `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
	}
	return type + s;
}

function human(size: number): string {
	if (size < 1024) return String(size);
	const units = ['K', 'M', 'G', 'T'];
	let v = size;
	let u = -1;
	while (v >= 1024 && u < units.length - 1) {
		v /= 1024;
		u++;
	}
	return `${v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : Math.ceil(v)}${units[u]}`;
}

/** "Mon DD HH:MM" of a time in UTC, computed without Date (days to civil date, H. Hinnant). */
function date(ms: number): string {
	const days = Math.floor(ms / 86_400_000);
	const secs = Math.floor(ms / 1000) - days * 86_400;
	const z = days + 719_468;
	const era = Math.floor(z / 146_097);
	const doe = z - era * 146_097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
	const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
	return `${MONTHS[month - 1]} ${String(day).padStart(2)} ${hh}:${mm}`;
}

/** GNU ls -C: as many columns as fit, filled top to bottom, two spaces between columns. */
export function columns(items: readonly string[], width: number): string {
	if (items.length === 0) return '';
	for (let cols = items.length; cols >= 1; cols--) {
		const rows = Math.ceil(items.length / cols);
		if (Math.ceil(items.length / rows) !== cols && cols > 1) continue;
		const widths: number[] = [];
		for (let c = 0; c < cols; c++) widths.push(Math.max(...items.slice(c * rows, c * rows + rows).map((s) => s.length)) + (c < cols - 1 ? 2 : 0));
		if (cols > 1 && widths.reduce((a, b) => a + b, 0) > width) continue;
		let out = '';
		for (let r = 0; r < rows; r++) {
			let line = '';
			for (let c = 0; c < cols; c++) {
				const item = items[c * rows + r];
				if (item === undefined) continue;
				const isLast = c === cols - 1 || items[(c + 1) * rows + r] === undefined;
				line += isLast ? item : item.padEnd(widths[c] as number);
			}
			out += `${line}\n`;
		}
		return out;
	}
	return items.map((i) => `${i}\n`).join('');
}

interface Entry {
	readonly name: string;
	readonly st: FileStat;
}

function render(entries: readonly Entry[], ctx: CommandContext, long: boolean, humanSizes: boolean, oneLine: boolean, withTotal: boolean): string {
	if (!long) return oneLine || !ctx.stdoutIsTerminal ? entries.map((e) => `${e.name}\n`).join('') : columns(entries.map((e) => e.name), ctx.columns);
	const users = names(ctx.fs, '/etc/passwd');
	const groups = names(ctx.fs, '/etc/group');
	const rows = entries.map((e) => ({
		mode: modeString(e.st),
		links: String(e.st.type === 'dir' ? 2 : 1),
		user: users.get(e.st.uid) ?? String(e.st.uid),
		group: groups.get(e.st.gid) ?? String(e.st.gid),
		size: humanSizes ? human(e.st.size) : String(e.st.size),
		date: date(e.st.mtimeMs),
		name: e.name,
	}));
	const w = (k: 'links' | 'user' | 'group' | 'size'): number => Math.max(0, ...rows.map((r) => r[k].length));
	const blocks = entries.reduce((sum, e) => sum + Math.ceil(e.st.size / 4096) * 4, 0);
	const total = withTotal ? `total ${humanSizes ? human(blocks * 1024) : blocks}\n` : '';
	return total + rows.map((r) => `${r.mode} ${r.links.padStart(w('links'))} ${r.user.padEnd(w('user'))} ${r.group.padEnd(w('group'))} ${r.size.padStart(w('size'))} ${r.date} ${r.name}\n`).join('');
}

const byteOrder = (a: Entry, b: Entry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const ls: CommandSpec = {
	name: 'ls',
	help: { summary: { en: 'list directory contents', zh: '列出目录内容' }, usage: 'ls [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('ls', args, { flags: 'aAdlhr1CF', long: { all: { as: 'a', value: false }, 'almost-all': { as: 'A', value: false }, directory: { as: 'd', value: false }, 'human-readable': { as: 'h', value: false }, reverse: { as: 'r', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('ls'), 2);
		const long = has(p.opts, 'l');
		const humanSizes = has(p.opts, 'h');
		const oneLine = has(p.opts, '1');
		const order = (a: Entry, b: Entry): number => (has(p.opts, 'r') ? -byteOrder(a, b) : byteOrder(a, b));
		const operands = p.operands.length === 0 ? ['.'] : p.operands;
		let err = '';
		let status = 0;
		const files: Entry[] = [];
		const dirs: Entry[] = [];
		for (const name of operands) {
			const st = ctx.fs.stat(resolvePath(ctx.cwd, name));
			if (typeof st === 'string') {
				err += `ls: cannot access '${name}': ${STRERROR[st]}\n`;
				status = 2;
			} else if (st.type === 'dir' && !has(p.opts, 'd')) dirs.push({ name, st });
			else files.push({ name, st });
		}
		const sections: string[] = [];
		if (files.length > 0) sections.push(render(files.sort(order), ctx, long, humanSizes, oneLine, false));
		const headers = operands.length > 1;
		for (const d of dirs.sort(order)) {
			const path = resolvePath(ctx.cwd, d.name);
			const list = ctx.fs.list(path);
			if (typeof list === 'string') {
				err += `ls: cannot open directory '${d.name}': ${STRERROR[list]}\n`;
				status = 2;
				continue;
			}
			const shown = list.filter((n) => !n.startsWith('.') || has(p.opts, 'a') || has(p.opts, 'A'));
			const entries: Entry[] = [];
			if (has(p.opts, 'a')) entries.push({ name: '.', st: d.st }, { name: '..', st: d.st });
			for (const n of shown) {
				const st = ctx.fs.stat(`${path === '/' ? '' : path}/${n}`);
				if (typeof st !== 'string') entries.push({ name: n, st });
			}
			sections.push(`${headers ? `${d.name}:\n` : ''}${render(entries.sort(order), ctx, long, humanSizes, oneLine, true)}`);
		}
		return ok(sections.join('\n'), err, status);
	},
};
