// The LabAddon on real xterm (@xterm/headless): what the controller writes is parsed by xterm
// itself, and the screen xterm shows is compared with the editor's model of it. The table cases
// assert whole screens; the property test drives random sessions (keys, time, run buttons,
// resets, resizes) and checks after every step that the edit line on xterm's screen is what
// printing it plainly would show, with the cursor where the editor says.

import fc from 'fast-check';
import type { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { History, type KeyEventLike, LabAddon, type Lang, ManualScheduler, t, type View, WIDTH_VERSION } from '../../../src/terminal';
import { FakeSession } from './helpers';
import { type Cell, cursorOf, flush, headless, plainLayout, rowText, screenRows } from './xterm-screen';

const P = 'root@kind-worker:~# ';

function open(opts: { cols?: number; rows?: number; lang?: Lang; banner?: boolean; onEscape?: () => void } = {}) {
	const xterm = headless(opts.cols ?? 80, opts.rows ?? 100);
	const session = new FakeSession();
	const scheduler = new ManualScheduler();
	const lab = new LabAddon({
		session,
		scheduler,
		history: new History({ key: 'xterm-test' }),
		lang: opts.lang ?? 'en',
		typingDelayMs: 10,
		submitDelayMs: 50,
		tickMs: 50,
		banner: opts.banner ?? false,
		...(opts.onEscape ? { onEscape: opts.onEscape } : {}),
	});
	xterm.loadAddon(lab);
	return { xterm, lab, session, scheduler };
}

type Step = string | { readonly advance: number } | { readonly all: true } | { readonly run: readonly string[] } | { readonly reset: true } | { readonly resize: number };

/** Plays steps as the page does: keys through xterm's own input path, resizes once xterm has parsed what came before. */
async function play(h: ReturnType<typeof open>, steps: readonly Step[]): Promise<void> {
	for (const s of steps) {
		if (typeof s === 'string') h.xterm.input(s);
		else if ('advance' in s) h.scheduler.advance(s.advance);
		else if ('all' in s) h.scheduler.runAll();
		else if ('run' in s) h.lab.typeAndRun(s.run, { interrupt: true });
		else if ('reset' in s) h.lab.reset();
		else {
			await flush(h.xterm);
			h.xterm.resize(s.resize, h.xterm.rows);
		}
		await flush(h.xterm);
	}
}

interface Case {
	readonly name: string;
	readonly cols?: number;
	readonly steps: readonly Step[];
	readonly screen: readonly string[];
	readonly cursor: readonly [number, number];
}

const CASES: readonly Case[] = [
	{ name: 'a command, its output and the next prompt', steps: ['echo hi\r'], screen: [`${P}echo hi`, 'hi', P], cursor: [2, 20] },
	{ name: 'output without a newline: the prompt follows it', steps: ['printf abc\r'], screen: [`${P}printf abc`, `abc${P}`], cursor: [1, 23] },
	{ name: 'editing in the middle of the line', steps: ['echo wrld', '\x1b[D\x1b[D\x1b[D', 'o', '\x01', '\x05', ' !'], screen: [`${P}echo world !`], cursor: [0, 32] },
	{ name: 'Ctrl-U, Ctrl-Y', steps: ['echo abc', '\x15', '\x19'], screen: [`${P}echo abc`], cursor: [0, 28] },
	{ name: 'Tab completes a command', steps: ['ipt', '\t'], screen: [`${P}iptables `], cursor: [0, 29] },
	{
		name: 'Tab Tab lists candidates in columns and draws the line again',
		steps: ['iptables -L ISTIO_', '\t', '\t'],
		screen: [`${P}iptables -L ISTIO_`, 'ISTIO_INBOUND      ISTIO_IN_REDIRECT  ISTIO_OUTPUT       ISTIO_REDIRECT', `${P}iptables -L ISTIO_`],
		cursor: [2, 38],
	},
	{ name: 'Ctrl-C stops a sleep', steps: ['sleep 10\r', { advance: 300 }, '\x03'], screen: [`${P}sleep 10`, '^C', P], cursor: [2, 20] },
	{
		name: 'history: ↑ brings back the previous line',
		steps: ['echo one\r', 'echo two\r', '\x1b[A', '\x1b[A'],
		screen: [`${P}echo one`, 'one', `${P}echo two`, 'two', `${P}echo one`],
		cursor: [4, 28],
	},
	{ name: 'a run button types its command visibly, then runs it', steps: [{ run: ['echo x'] }, { all: true }], screen: [`${P}echo x`, 'x', P], cursor: [2, 20] },
	{
		name: 'Reset clears the screen and says so',
		steps: ['echo x\r', { reset: true }],
		screen: [`${t('en', 'terminal.reset')}`, P],
		cursor: [1, 20],
	},
	{
		name: 'wide characters never straddle the margin',
		cols: 26,
		steps: ['echo 中文中'],
		screen: [`${P}echo `, '中文中'],
		cursor: [1, 6],
	},
	{
		name: 'a line ending at the margin puts the cursor on the next row',
		cols: 24,
		steps: ['ab中'],
		screen: [`${P}ab中`, ' '],
		cursor: [1, 0],
	},
	{
		name: 'an emoji newer than Unicode 11 takes two cells, as the editor counts it',
		cols: 30,
		steps: ['echo 🫠x', '\x1b[D'],
		screen: [`${P}echo 🫠x`],
		cursor: [0, 27],
	},
	{
		name: 'combining marks stay on their letter',
		steps: ['echo cafe\u0301 ok', '\x1b[D\x1b[D\x1b[D\x1b[D'],
		screen: [`${P}echo cafe\u0301 ok`],
		cursor: [0, 28],
	},
	{
		name: 'narrowing the terminal redraws a wrapped line',
		cols: 40,
		steps: ['echo 0123456789012345678901234567890', { resize: 30 }],
		screen: [`${P}echo 01234`, '56789012345678901234567890'],
		cursor: [1, 26],
	},
	{
		name: 'widening it joins the line again',
		cols: 30,
		steps: ['echo 0123456789012345678901234567890', { resize: 60 }],
		screen: [`${P}echo 0123456789012345678901234567890`],
		cursor: [0, 56],
	},
	{
		name: 'escape sequences in output do not reach xterm',
		steps: ['evil\r'],
		screen: [`${P}evil`, 'click red', P],
		cursor: [2, 20],
	},
];

describe('LabAddon on xterm', () => {
	it.each(CASES)('$name', async ({ cols, steps, screen, cursor }) => {
		const h = open({ cols: cols ?? 80 });
		await play(h, steps);
		expect(screenRows(h.xterm)).toEqual(screen);
		expect(cursorOf(h.xterm)).toEqual({ row: cursor[0], col: cursor[1] });
		h.xterm.dispose();
	});

	it('turns on screen reader mode, Option as Meta and the lab widths', () => {
		const h = open();
		expect(h.xterm.options.screenReaderMode).toBe(true);
		expect(h.xterm.options.macOptionIsMeta).toBe(true);
		expect(h.xterm.unicode.activeVersion).toBe(WIDTH_VERSION);
		h.xterm.dispose();
	});

	it('shows the banner and notices before the first prompt, in the page language', async () => {
		const xterm = headless(120);
		const lab = new LabAddon({ session: new FakeSession(), scheduler: new ManualScheduler(), history: new History({ key: 'n' }), lang: 'zh', banner: true, notices: [{ key: 'terminal.link.intro' }] });
		xterm.loadAddon(lab);
		await flush(xterm);
		expect(screenRows(xterm)).toEqual([t('zh', 'terminal.banner'), t('zh', 'terminal.link.intro'), P]);
		xterm.dispose();
	});

	it('after dispose, keys reach nothing and no timer is left', async () => {
		const h = open();
		await play(h, ['sleep 5\r', { run: ['echo later'] }]);
		h.lab.dispose();
		const before = screenRows(h.xterm);
		h.xterm.input('echo no\r');
		h.scheduler.runAll();
		await flush(h.xterm);
		expect(screenRows(h.xterm)).toEqual(before);
		expect(h.scheduler.pending).toBe(0);
		expect(h.lab.controller).toBeUndefined();
		h.xterm.dispose();
	});

	it('cannot be activated twice', () => {
		const h = open();
		expect(() => h.lab.activate(headless(10))).toThrow(/activated once/);
		h.xterm.dispose();
	});
});

/** A terminal stand-in that counts subscriptions and records the key handler. */
function fakeXterm(selection = false) {
	const live = new Set<string>();
	let handler: ((e: KeyEventLike) => boolean) | undefined;
	const sub = (name: string) => {
		live.add(name);
		return { dispose: () => live.delete(name) };
	};
	const term = {
		cols: 80,
		options: {} as { screenReaderMode?: boolean; macOptionIsMeta?: boolean },
		unicode: { activeVersion: '6', register: () => live.add('unicode') },
		written: '',
		onData: () => sub('data'),
		onResize: () => sub('resize'),
		write(data: string) {
			this.written += data;
		},
		hasSelection: () => selection,
		attachCustomKeyEventHandler(h: (e: KeyEventLike) => boolean) {
			handler = h;
		},
	};
	return { term, live, key: (e: Partial<KeyEventLike>) => handler?.({ type: 'keydown', key: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...e }) };
}

describe('LabAddon keys and disposal', () => {
	const addon = (onEscape?: () => void) =>
		new LabAddon({ session: new FakeSession(), scheduler: new ManualScheduler(), history: new History({ key: 'k' }), lang: 'en', ...(onEscape ? { onEscape } : {}) });

	it.each([
		{ name: 'Escape leaves the terminal', event: { key: 'Escape' }, selection: false, handled: false, escapes: 1 },
		{ name: 'Escape on keyup is swallowed without leaving twice', event: { key: 'Escape', type: 'keyup' }, selection: false, handled: false, escapes: 0 },
		{ name: 'Shift-Escape goes to xterm', event: { key: 'Escape', shiftKey: true }, selection: false, handled: true, escapes: 0 },
		{ name: 'Ctrl-C without a selection is the interrupt', event: { key: 'c', ctrlKey: true }, selection: false, handled: true, escapes: 0 },
		{ name: 'Ctrl-C with a selection copies', event: { key: 'c', ctrlKey: true }, selection: true, handled: false, escapes: 0 },
		{ name: 'Ctrl-Insert with a selection copies', event: { key: 'Insert', ctrlKey: true }, selection: true, handled: false, escapes: 0 },
		{ name: 'Tab stays in the terminal (completion)', event: { key: 'Tab' }, selection: false, handled: true, escapes: 0 },
		{ name: 'other keys go to xterm', event: { key: 'a' }, selection: true, handled: true, escapes: 0 },
	])('$name', ({ event, selection, handled, escapes }) => {
		const f = fakeXterm(selection);
		let left = 0;
		const lab = addon(() => left++);
		lab.activate(f.term);
		expect(f.key(event)).toBe(handled);
		expect(left).toBe(escapes);
	});

	it('without onEscape, Escape goes to the line editor', () => {
		const f = fakeXterm();
		addon().activate(f.term);
		expect(f.key({ key: 'Escape' })).toBe(true);
	});

	it('registers every subscription for disposal and hands the keys back to xterm', () => {
		const f = fakeXterm(true);
		const lab = addon(() => undefined);
		lab.activate(f.term);
		expect([...f.live].sort()).toEqual(['data', 'resize', 'unicode']);
		expect(f.term.options).toEqual({ screenReaderMode: true, macOptionIsMeta: true });
		expect(f.term.written).toContain(P);
		lab.dispose();
		expect([...f.live]).toEqual(['unicode']); // xterm keeps registered Unicode providers
		expect(f.key({ key: 'Escape' })).toBe(true);
		expect(f.key({ key: 'c', ctrlKey: true })).toBe(true);
	});
});

// ---- property test -------------------------------------------------------------------------

const CONTROLS = ['\x01', '\x02', '\x03', '\x04', '\x05', '\x06', '\x08', '\x09', '\x0b', '\x0c', '\x0d', '\x0e', '\x10', '\x12', '\x14', '\x15', '\x17', '\x19', '\x7f', '\x07'];
const SEQUENCES = ['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F', '\x1b[3~', '\x1b[1;5D', '\x1b[1;5C', '\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\x1b'];
const WORDS = ['echo x', 'sleep 1', 'ping', 'printf ab', 'cd /tmp', 'iptables -L ISTIO_', 'ls ', 'exit', 'crash', 'clear', 'reset', 'evil', 'fail', '/etc/p'];
const TEXT = ['a', ' ', '-', 'x', '中', '文', '👍', '🫠', 'e\u0301', '/', 'y', 'n', 'ĳ', '한'];

const keyArb = fc.oneof(
	{ weight: 5, arbitrary: fc.constantFrom(...TEXT) },
	{ weight: 3, arbitrary: fc.constantFrom(...WORDS) },
	{ weight: 2, arbitrary: fc.constantFrom(...CONTROLS) },
	{ weight: 3, arbitrary: fc.constantFrom(...SEQUENCES) },
	{ weight: 1, arbitrary: fc.array(fc.constantFrom(...WORDS, '\r', '中文'), { maxLength: 4 }).map((p) => `\x1b[200~${p.join('')}\x1b[201~`) },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 12, arbitrary: fc.array(keyArb, { minLength: 1, maxLength: 4 }).map((k) => k.join('')) },
	{ weight: 3, arbitrary: fc.integer({ min: 0, max: 2500 }).map((ms) => ({ advance: ms })) },
	{ weight: 1, arbitrary: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }).map((run) => ({ run })) },
	{ weight: 1, arbitrary: fc.constant({ reset: true as const }) },
	{ weight: 2, arbitrary: fc.integer({ min: 8, max: 100 }).map((resize) => ({ resize })) },
);

/** The edit line on xterm's screen, compared with xterm printing it plainly from the same column. */
async function checkLine(xterm: Terminal, line: { view: View; startColumn: number }): Promise<void> {
	const plain = await plainLayout(xterm.cols, line);
	const at: Cell = cursorOf(xterm);
	const top = at.row - plain.cursor.row;
	expect(top).toBeGreaterThanOrEqual(0);
	expect(at.col).toBe(plain.cursor.col);
	for (let i = 0; i < plain.rows.length + 2; i++) {
		const from = i === 0 ? line.startColumn : 0;
		// A space written to resolve a pending wrap (renderer.ts) is the only difference allowed.
		expect(rowText(xterm, top + i, from).trimEnd()).toBe((plain.rows[i] ?? '').slice(from).trimEnd());
	}
}

describe('LabAddon on xterm: random sessions', () => {
	it('the edit line on xterm is always the editor line, cursor included', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 8, max: 100 }), fc.array(stepArb, { maxLength: 25 }), async (cols, steps) => {
				const h = open({ cols });
				for (const step of steps) {
					await play(h, [step]);
					const line = h.lab.controller?.editLine;
					if (line !== undefined) await checkLine(h.xterm, line);
				}
				h.lab.dispose();
				expect(h.scheduler.pending).toBe(0);
				h.xterm.dispose();
			}),
			{ numRuns: 150 },
		);
	}, 120_000);
});

