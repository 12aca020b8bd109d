// Property tests: random keys (every control, escape sequences whole and broken, pastes, CJK and
// emoji), random time, run buttons, resets and resizes, through the whole terminal and the fake
// session. Nothing throws; nothing but known sequences reaches the screen; the line buffer keeps
// its invariants; and whenever a line is shown, the screen shows it as plain printing would.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusters, Editor, History, KeyDecoder, LineBuffer, ManualScheduler, MAX_LINE, TerminalController, type View } from '../../../src/terminal';
import { FakeSession, Recorder } from './helpers';
import { Screen } from './screen';

const CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(['\x7f', '\x9b', '\x85']);
const SEQUENCES = [
	'\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F', '\x1bOA', '\x1bOD', '\x1b[3~', '\x1b[1;5D', '\x1b[1;5C', '\x1b[1;3D',
	'\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\x1b', '\x1b[', '\x1b[200~', '\x1b[201~', '\x1b[15~', '\x1b[<0;1;1M', '\x1bO', '\x1b]0;x\x07',
];
const WORDS = ['echo x', 'sleep 1', 'ping', 'printf ab', 'cd /tmp', 'iptables -L ISTIO_', 'ls many', 'ls ', 'exit', 'crash', 'clear', 'reset', 'evil', 'fail', '/etc/p'];
const TEXT = ['a', ' ', '-', 'x', '中', '文', '👍', 'e\u0301', '\u0301', '/', 'y', 'n'];

const keyArb = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...TEXT) },
	{ weight: 3, arbitrary: fc.constantFrom(...WORDS) },
	{ weight: 3, arbitrary: fc.constantFrom(...CONTROLS) },
	{ weight: 3, arbitrary: fc.constantFrom(...SEQUENCES) },
	{ weight: 1, arbitrary: fc.array(fc.constantFrom(...WORDS, '\r', '\n', '\t'), { maxLength: 5 }).map((p) => `\x1b[200~${p.join('')}\x1b[201~`) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

type Step =
	| { readonly kind: 'keys'; readonly data: string }
	| { readonly kind: 'time'; readonly ms: number }
	| { readonly kind: 'run'; readonly commands: string[]; readonly interrupt: boolean }
	| { readonly kind: 'reset' }
	| { readonly kind: 'resize'; readonly columns: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 12, arbitrary: fc.array(keyArb, { minLength: 1, maxLength: 4 }).map((k) => ({ kind: 'keys' as const, data: k.join('') })) },
	{ weight: 3, arbitrary: fc.integer({ min: 0, max: 2500 }).map((ms) => ({ kind: 'time' as const, ms })) },
	{ weight: 1, arbitrary: fc.record({ commands: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }), interrupt: fc.boolean() }).map((r) => ({ kind: 'run' as const, ...r })) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
	{ weight: 1, arbitrary: fc.integer({ min: 8, max: 100 }).map((columns) => ({ kind: 'resize' as const, columns })) },
);

const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

function checkBuffer(b: LineBuffer): void {
	expect(b.cursor).toBeGreaterThanOrEqual(0);
	expect(b.cursor).toBeLessThanOrEqual(b.length);
	expect(b.length).toBeLessThanOrEqual(MAX_LINE);
	expect(CONTROL.test(b.text)).toBe(false);
	for (const c of b.clusters) expect(c).not.toBe('');
	expect(clusters(b.text)).toEqual(b.clusters);
}

/** The shown line, compared with printing it plainly from the same column. */
function checkScreen(screen: Screen, line: { view: View; startColumn: number }): void {
	const plain = new Screen(screen.columns);
	plain.write(' '.repeat(line.startColumn) + line.view.prompt + line.view.text);
	const promptCount = clusters(line.view.prompt.replace(/\x1b\[[0-9;]*m/g, '')).length;
	const index = clusters(line.view.text.slice(0, line.view.cursor)).length;
	const cursor = plain.landed[line.startColumn + promptCount + index] ?? (plain.wrapPending ? { row: plain.row + 1, col: 0 } : plain.cursor);
	const top = screen.cursor.row - cursor.row;
	expect(top).toBeGreaterThanOrEqual(0);
	expect(screen.cursor.col).toBe(cursor.col);
	// Row 0 before the prompt holds whatever output was there; compare from the prompt on.
	const rows = Math.max(plain.height, screen.height - top);
	for (let i = 0; i < rows; i++) {
		const from = i === 0 ? line.startColumn : 0;
		expect(screen.rowText(top + i, from)).toBe(plain.rowText(i, from));
	}
}

describe('terminal fuzz', () => {
	it('random sessions never throw, and the screen always matches the editor', () => {
		fc.assert(
			fc.property(fc.integer({ min: 8, max: 100 }), fc.array(stepArb, { maxLength: 30 }), (columns, steps) => {
				const out = new Recorder();
				const screen = new Screen(columns);
				const scheduler = new ManualScheduler();
				const term = new TerminalController({
					session: new FakeSession(),
					output: { write: (d) => (out.write(d), screen.write(d)) },
					scheduler,
					history: new History({ key: 'fuzz' }),
					lang: 'zh',
					columns,
					typingDelayMs: 5,
					submitDelayMs: 20,
				});
				term.start();
				for (const step of steps) {
					if (step.kind === 'keys') term.input(step.data);
					else if (step.kind === 'time') scheduler.advance(step.ms);
					else if (step.kind === 'run') term.typeAndRun(step.commands, { interrupt: step.interrupt });
					else if (step.kind === 'reset') term.reset();
					else {
						screen.columns = step.columns;
						term.resize(step.columns);
					}
					const line = term.editLine;
					if (line !== undefined) {
						checkBuffer(LineBuffer.of(line.view.text, line.view.cursor));
						expect(CONTROL.test(line.view.prompt.replace(/\x1b\[[0-9;]*m/g, ''))).toBe(false);
						checkScreen(screen, line);
					}
				}
				term.dispose();
				expect(scheduler.pending).toBe(0);
			}),
			{ numRuns: 300 },
		);
	});

	it('the decoder and editor alone: never throw, buffer invariants hold', () => {
		fc.assert(
			fc.property(fc.array(keyArb, { maxLength: 60 }), (keys) => {
				const session = new FakeSession();
				const editor = new Editor({ history: new History({ key: 'f' }), complete: (l, c) => session.complete(l, c), columns: () => 40 });
				editor.newLine('$ ');
				const decoder = new KeyDecoder();
				for (const k of keys) {
					for (const a of decoder.feed(k)) {
						editor.apply(a);
						checkBuffer(editor.line);
						const v = editor.view();
						expect(v.cursor).toBeLessThanOrEqual(v.text.length);
					}
				}
			}),
			{ numRuns: 1000 },
		);
	});

	it('LineBuffer operations in any order keep the invariants', () => {
		const ops: ((b: LineBuffer) => LineBuffer)[] = [
			(b) => b.left(),
			(b) => b.right(),
			(b) => b.home(),
			(b) => b.end(),
			(b) => b.backspace(),
			(b) => b.delete(),
			(b) => b.wordLeft(),
			(b) => b.wordRight(),
			(b) => b.transpose(),
			(b) => b.killToStart().buffer,
			(b) => b.killToEnd().buffer,
			(b) => b.killWordBack().buffer,
			(b) => b.killAlnumBack().buffer,
			(b) => b.killWordForward().buffer,
		];
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.nat(ops.length - 1), fc.string({ maxLength: 5 })), { maxLength: 80 }), (script) => {
				let b = LineBuffer.EMPTY;
				for (const s of script) {
					const before = b;
					b = typeof s === 'number' ? (ops[s] as (b: LineBuffer) => LineBuffer)(b) : b.insert(s);
					checkBuffer(b);
					if (typeof s === 'string') expect(b.length).toBeGreaterThanOrEqual(before.length);
				}
			}),
			{ numRuns: 2000 },
		);
	});
});
