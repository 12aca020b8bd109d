// ss's column layout (iproute2 6.1 misc/ss.c: render_calc_width and render), reimplemented.
//
// Every field of every line is buffered first; a column is as wide as its longest field (the
// header included), plus its left delimiter unless it is the first visible column. When stdout is
// not a terminal that is all (the "compact" output every recording shows). On a terminal the
// spare width of the screen is spread over the columns, and a line too long for the screen is cut
// into screen-wide groups of columns that the terminal's own wrapping then stacks, still aligned.

/** Column indexes, in ss's order. */
export const Col = { Netid: 0, State: 1, RecvQ: 2, SendQ: 3, Addr: 4, Serv: 5, RAddr: 6, RServ: 7, Proc: 8, Ext: 9 } as const;
export type Col = (typeof Col)[keyof typeof Col];

interface ColumnSpec {
	readonly align: 'left' | 'right';
	readonly header: string;
	readonly ldelim: string;
}

export const COLUMNS: readonly ColumnSpec[] = [
	{ align: 'left', header: 'Netid', ldelim: '' },
	{ align: 'left', header: 'State', ldelim: ' ' },
	{ align: 'left', header: 'Recv-Q', ldelim: ' ' },
	{ align: 'left', header: 'Send-Q', ldelim: ' ' },
	{ align: 'right', header: 'Local Address:', ldelim: ' ' },
	{ align: 'left', header: 'Port', ldelim: '' },
	{ align: 'right', header: 'Peer Address:', ldelim: ' ' },
	{ align: 'left', header: 'Port', ldelim: '' },
	{ align: 'left', header: 'Process', ldelim: '' },
	{ align: 'left', header: '', ldelim: '' },
];

/** One output line: a field per column (disabled columns are skipped). */
export type Line = readonly string[];

export interface LayoutOptions {
	readonly disabled: ReadonlySet<Col>;
	readonly header: boolean;
	/** The terminal's width when stdout is a terminal; undefined for a pipe or a file. */
	readonly screenWidth?: number;
}

function widths(lines: readonly Line[], enabled: readonly number[], screen: number | undefined, unflushed: Line | undefined): Map<number, number> {
	const w = new Map<number, number>();
	let first = true;
	for (const c of enabled) {
		// ss measures a field when it moves on to the next one; the last line's process field is
		// still open when the buffer is rendered, so it never counts (a long users:(...) list on the
		// last line overflows its column instead of widening it).
		const measured = c >= Col.Proc && unflushed !== undefined ? lines.filter((l) => l !== unflushed) : lines;
		const max = Math.max(0, ...measured.map((l) => (l[c] ?? '').length));
		let width = !first && max > 0 ? max + (COLUMNS[c]?.ldelim.length ?? 0) : max;
		if (screen !== undefined) width = Math.min(width, screen);
		w.set(c, width);
		if (width > 0) first = false;
	}
	if (screen === undefined) return w;
	// Second pass: break into screen-wide groups and spread the spare room over each group.
	const shown = enabled.filter((c) => (w.get(c) ?? 0) > 0);
	let len = 0;
	let group: number[] = [];
	for (let i = 0; i < shown.length; i++) {
		const c = shown[i] as number;
		group.push(c);
		len += w.get(c) ?? 0;
		const last = i === shown.length - 1;
		if (!last && len < screen) continue;
		if (len === screen) {
			group = [];
			len = 0;
			continue;
		}
		if (len > screen && group.length > 1) {
			// The column that overflowed starts the next group.
			group.pop();
			len -= w.get(c) ?? 0;
			i--;
		} else if (len > screen) {
			group = [];
			len = 0;
			continue;
		}
		const pad = screen - len;
		const spacing = Math.floor(pad / group.length);
		let rem = pad % group.length;
		for (let j = group.length - 1; j >= 0; j--) {
			const g = group[j] as number;
			w.set(g, (w.get(g) ?? 0) + spacing + (rem > 0 ? 1 : 0));
			if (rem > 0) rem--;
		}
		group = [];
		len = 0;
	}
	return w;
}

/** The text ss prints for these lines (a trailing newline on each). */
export function layout(body: readonly Line[], opts: LayoutOptions): string {
	const enabled = COLUMNS.map((_, i) => i).filter((i) => !opts.disabled.has(i as Col));
	const lines: Line[] = opts.header ? [COLUMNS.map((c) => c.header), ...body] : [...body];
	const w = widths(lines, enabled, opts.screenWidth, body[body.length - 1]);
	let out = '';
	for (const line of lines) {
		let started = false;
		for (const c of enabled) {
			const spec = COLUMNS[c] as ColumnSpec;
			const text = line[c] ?? '';
			const width = w.get(c) ?? 0;
			let printed = 0;
			if (started) {
				out += spec.ldelim;
				printed = spec.ldelim.length;
			}
			started = true;
			if (width > 0 && spec.align === 'right') {
				const s = width - text.length - printed;
				if (s > 0) {
					out += ' '.repeat(s);
					printed += s;
				}
			}
			out += text;
			printed += text.length;
			if (width > 0 && spec.align === 'left' && width - printed > 0) out += ' '.repeat(width - printed);
		}
		out += '\n';
	}
	return out;
}
