// The renderer: the exact ANSI written for each change of the edit line, then a property check
// against plain printing on a model of xterm's screen (screen.ts): whatever the sequence of views,
// the screen shows the prompt and the line wrapped as printing them would, with the cursor on
// the right cell.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusters, layout, LineRenderer, moveCursor, type View } from '../../../src/terminal';
import { Recorder } from './helpers';
import { Screen } from './screen';

const v = (text: string, cursor = text.length, prompt = '$ '): View => ({ prompt, text, cursor });

interface Case {
	readonly name: string;
	readonly columns?: number;
	readonly start: View;
	readonly startColumn?: number;
	/** Each view after the first, with exactly what it writes. */
	readonly steps: readonly (readonly [View, string])[];
}

const CASES: readonly Case[] = [
	{ name: 'typing at the end writes the characters only', start: v(''), steps: [[v('l'), 'l'], [v('ls'), 's'], [v('ls '), ' ']] },
	{ name: 'cursor left and right', start: v('ls'), steps: [[v('ls', 1), '\x1b[D'], [v('ls', 0), '\x1b[D'], [v('ls', 2), '\x1b[2C']] },
	{ name: 'insert in the middle rewrites the tail and steps back', start: v('ls', 1), steps: [[v('lxs', 2), 'xs\x1b[D']] },
	{ name: 'backspace at the end', start: v('ls'), steps: [[v('l'), '\x1b[D\x1b[J']] },
	{ name: 'backspace in the middle', start: v('lxs', 2), steps: [[v('ls', 1), '\x1b[D\x1b[Js\x1b[D']] },
	{ name: 'C-u from the end', start: v('echo hi'), steps: [[v(''), '\x1b[7D\x1b[J']] },
	{ name: 'nothing changed writes nothing', start: v('ls'), steps: [[v('ls'), '']] },
	{ name: 'a recalled history line replaces from the first difference', start: v('iptables -S'), steps: [[v('iptables -t nat -L'), '\x1b[Dt nat -L']] },
	{
		name: 'reaching the margin resolves the pending wrap with space and CR',
		columns: 10,
		start: v('abcdefg'),
		steps: [
			[v('abcdefgh'), 'h \r'],
			[v('abcdefghi'), 'i'],
			[v('abcdefgh'), '\x1b[D\x1b[J'],
			[v('abcdefg'), '\x1b[A\x1b[10G\x1b[J'],
		],
	},
	{ name: 'Home on a wrapped line goes up and to the prompt end', columns: 10, start: v('abcdefghijk'), steps: [[v('abcdefghijk', 0), '\x1b[A\x1b[3G'], [v('abcdefghijk'), '\x1b[B\x1b[4G']] },
	{ name: 'wide characters move two cells', start: v('中文'), steps: [[v('中文', 1), '\x1b[2D'], [v('中x文', 2), 'x文\x1b[2D']] },
	{ name: 'a wide character that does not fit starts the next row', columns: 10, start: v('abcdefg'), steps: [[v('abcdefg中'), '中'], [v('abcdefg中', 7), '\x1b[2D']] },
	{ name: 'a wide character pushed over old text erases first', columns: 10, start: v('abcdefgX', 7), steps: [[v('abcdefg中X', 8), '\x1b[J中X\x1b[D']] },
	{ name: 'typing before a wrapped wide character writes from the gap', columns: 10, start: v('abcdefg中', 7), steps: [[v('abcdefga中', 8), '\x1b[A\x1b[10Ga中\x1b[2D']] },
	{ name: 'a new prompt redraws from the prompt start', start: v('ls'), steps: [[v('ls', 0, "(reverse-i-search)`': "), '\x1b[4D(reverse-i-search)`\': ls\x1b[2D'], [v('ls', 2), '\x1b[22D\x1b[J$ ls']] },
	{ name: 'after output that did not end a line', startColumn: 3, start: v(''), steps: [[v('x'), 'x'], [v('x', 0), '\x1b[D']] },
	{ name: 'coloured prompt: SGR takes no cells', columns: 12, start: v('', 0, '\x1b[01;32mr@h\x1b[00m# '), steps: [[v('abcdefgh', 8, '\x1b[01;32mr@h\x1b[00m# '), 'abcdefgh'], [v('abcdefgh', 0, '\x1b[01;32mr@h\x1b[00m# '), '\x1b[A\x1b[6G']] },
];

function run(c: Case): string[] {
	const out = new Recorder();
	const r = new LineRenderer(out, c.columns ?? 80);
	r.begin(c.start, c.startColumn ?? 0);
	const writes: string[] = [];
	out.take();
	for (const [view] of c.steps) {
		r.update(view);
		writes.push(out.take());
	}
	return writes;
}

describe('LineRenderer writes', () => {
	it.each(CASES)('$name', (c) => {
		expect(run(c)).toEqual(c.steps.map(([, s]) => s));
	});

	it('begin draws prompt and line and puts the cursor in place', () => {
		const out = new Recorder();
		new LineRenderer(out, 80).begin(v('iptables -S', 8, 'root@kind-worker:~# '));
		expect(out.all).toBe('root@kind-worker:~# iptables -S\x1b[3D');
	});

	it.each([
		{ name: 'end: to the end of the line, new row', act: (r: LineRenderer) => r.end(), writes: '\x1b[2C\r\n' },
		{ name: 'end with ^C', act: (r: LineRenderer) => r.end('^C'), writes: '\x1b[2C^C\r\n' },
		{ name: 'endInPlace stays on the row', act: (r: LineRenderer) => void r.endInPlace(), writes: '\x1b[2C' },
	])('$name', ({ act, writes }) => {
		const out = new Recorder();
		const r = new LineRenderer(out, 80);
		r.begin(v('echo', 2));
		out.take();
		act(r);
		expect(out.take()).toBe(writes);
		expect(r.active).toBe(false);
	});

	it('end on a line that filled its last row adds no empty row', () => {
		const out = new Recorder();
		const r = new LineRenderer(out, 10);
		r.begin(v('abcdefgh'));
		expect(out.take()).toBe('$ abcdefgh \r');
		r.end();
		expect(out.take()).toBe('');
	});

	it('resize redraws from the prompt start at the new width', () => {
		const out = new Recorder();
		const r = new LineRenderer(out, 10);
		r.begin(v('abcdefghijk', 3));
		out.take();
		r.resize(20);
		expect(out.take()).toBe('\r\x1b[J$ abcdefghijk\x1b[8D');
		r.update(v('abcdefghijk'));
		expect(out.take()).toBe('\x1b[8C');
	});

	it('moveCursor takes the short forms', () => {
		expect(moveCursor({ row: 0, col: 5 }, { row: 0, col: 4 })).toBe('\x1b[D');
		expect(moveCursor({ row: 2, col: 5 }, { row: 0, col: 5 })).toBe('\x1b[2A');
		expect(moveCursor({ row: 0, col: 5 }, { row: 1, col: 0 })).toBe('\x1b[B\x1b[1G');
		expect(moveCursor({ row: 1, col: 1 }, { row: 1, col: 1 })).toBe('');
	});

	it('layout wraps wide characters and flags the pending wrap', () => {
		const p = (row: number, col: number) => ({ row, col });
		expect(layout(0, 4, [1, 1, 2])).toEqual({ at: [p(0, 0), p(0, 1), p(0, 2)], before: [p(0, 0), p(0, 1), p(0, 2)], end: p(1, 0), pendingWrap: true, gaps: [] });
		expect(layout(0, 4, [1, 1, 1, 2])).toEqual({ at: [p(0, 0), p(0, 1), p(0, 2), p(1, 0)], before: [p(0, 0), p(0, 1), p(0, 2), p(0, 3)], end: p(1, 2), pendingWrap: false, gaps: [p(0, 3)] });
		expect(layout(0, 2, [1, 1, 1])).toEqual({ at: [p(0, 0), p(0, 1), p(1, 0)], before: [p(0, 0), p(0, 1), p(1, 0)], end: p(1, 1), pendingWrap: false, gaps: [] });
	});
});

// ---- property: the screen always shows what plain printing would ----------------------------

const PROMPTS = ['$ ', 'root@kind-worker:~# ', 'istio-proxy@productpage-v1-7d6cfb7dfd-5mgx8:/$ ', '\x1b[01;32mr@h\x1b[00m:\x1b[01;34m~\x1b[00m# ', "(reverse-i-search)`中': ", '提示符> '];
const CHARS = ['a', 'b', ' ', '-', '中', '文', '👍', 'e\u0301', 'x', '/'];

const viewArb = fc
	.record({ prompt: fc.constantFrom(...PROMPTS), parts: fc.array(fc.constantFrom(...CHARS), { maxLength: 60 }), cursorAt: fc.nat() })
	.map(({ prompt, parts, cursorAt }) => {
		const text = parts.join('');
		const cs = clusters(text);
		const idx = cursorAt % (cs.length + 1);
		return { prompt, text, cursor: cs.slice(0, idx).join('').length };
	});

const stepArb = fc.oneof(
	{ weight: 6, arbitrary: viewArb.map((view) => ({ kind: 'view' as const, view })) },
	{ weight: 1, arbitrary: fc.integer({ min: 4, max: 50 }).map((columns) => ({ kind: 'resize' as const, columns })) },
);

/** Screen rows without the empty ones at the bottom (the renderer's space-and-CR leaves one). */
function trimmed(rows: string[]): string[] {
	const out = [...rows];
	while (out.length > 0 && out[out.length - 1] === '') out.pop();
	return out;
}

/** Where plain printing puts the prompt, the line, and the cursor's cluster. */
function oracle(columns: number, startColumn: number, view: View): { rows: string[]; cursor: { row: number; col: number } } {
	const s = new Screen(columns);
	s.write('x'.repeat(startColumn) + view.prompt + view.text);
	const promptCount = clusters(view.prompt.replace(/\x1b\[[0-9;]*m/g, '')).length;
	const index = clusters(view.text.slice(0, view.cursor)).length;
	const landed = s.landed[startColumn + promptCount + index];
	const cursor = landed ?? (s.wrapPending ? { row: s.row + 1, col: 0 } : s.cursor);
	return { rows: s.rows(), cursor };
}

describe('LineRenderer against plain printing', () => {
	it('shows the line and the cursor where printing would put them', () => {
		fc.assert(
			fc.property(fc.integer({ min: 4, max: 50 }), fc.integer({ min: 0, max: 3 }), viewArb, fc.array(stepArb, { maxLength: 25 }), (columns, startColumn, first, steps) => {
				const screen = new Screen(columns);
				screen.write('x'.repeat(startColumn));
				const r = new LineRenderer({ write: (d) => screen.write(d) }, columns);
				let cols = columns;
				let start = startColumn % cols;
				r.begin(first, startColumn);
				let view = first;
				const check = (): void => {
					const want = oracle(cols, start, view);
					expect(trimmed(screen.rows())).toEqual(trimmed(want.rows));
					expect(screen.cursor).toEqual(want.cursor);
				};
				check();
				for (const step of steps) {
					if (step.kind === 'resize') {
						screen.columns = step.columns;
						cols = step.columns;
						r.resize(step.columns);
						if (start >= cols) {
							// The prompt moved to a row of its own: compare from there.
							const rows = screen.rows();
							expect(rows[0]).toBe('x'.repeat(start));
							start = 0;
							const want = oracle(cols, 0, view);
							expect(trimmed(rows.slice(1))).toEqual(trimmed(want.rows));
							expect(screen.cursor).toEqual({ row: want.cursor.row + 1, col: want.cursor.col });
							return;
						}
					} else {
						view = step.view;
						r.update(view);
					}
					check();
				}
			}),
			{ numRuns: 400 },
		);
	});
});
