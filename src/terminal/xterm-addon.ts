// The xterm.js adapter: one addon (activate/dispose, every subscription registered for disposal)
// that puts a TerminalController behind an xterm Terminal. What xterm delivers goes in as it is
// (onData -> input, onResize -> resize), what the controller writes goes out as it is (write ->
// xterm.write); nothing here edits lines or draws.
//
//   const lab = new LabAddon({ session, scheduler: timerScheduler(), history, lang });
//   xterm.loadAddon(lab);            // screen reader mode on, Option as Meta, our widths, first prompt
//   lab.typeAndRun(['iptables -t nat -S'], { interrupt: true });   // a run button
//   xterm.dispose();                 // disposes the addon with it
//
// It takes the terminal structurally (XtermLike), so the same class runs on @xterm/xterm in the
// page and on @xterm/headless in the tests, which compare xterm's real screen with the editor's
// model of it.

import { type Notice, TerminalController, type TerminalOptions } from './controller';
import type { MessageKey } from './messages';
import type { Output } from './types';
import { type UnicodeProvider, widthProvider } from './xterm-unicode';

/** xterm's IDisposable. */
export interface Disposable {
	dispose(): void;
}

/** An xterm addon: what `loadAddon` takes (FitAddon, this one). */
export interface XtermAddonLike extends Disposable {
	activate(terminal: never): void;
}

/** The fields of a DOM KeyboardEvent that xterm's custom key handler gets and we read. */
export interface KeyEventLike {
	readonly type: string;
	readonly key: string;
	readonly ctrlKey: boolean;
	readonly metaKey: boolean;
	readonly altKey: boolean;
	readonly shiftKey: boolean;
}

/** The part of xterm's Terminal (in the page, or headless) the addon uses. */
export interface XtermLike {
	readonly cols: number;
	readonly options: { screenReaderMode?: boolean; macOptionIsMeta?: boolean };
	/** A proposed API: the Terminal needs `allowProposedApi: true`. */
	readonly unicode: { activeVersion: string; register(provider: UnicodeProvider): void };
	onData(listener: (data: string) => void): Disposable;
	onResize(listener: (size: { cols: number; rows: number }) => void): Disposable;
	write(data: string, callback?: () => void): void;
	/** Only in the page: headless xterm has no selection and no keyboard. */
	hasSelection?(): boolean;
	attachCustomKeyEventHandler?(handler: (event: KeyEventLike) => boolean): void;
}

export interface LabAddonOptions extends Omit<TerminalOptions, 'output' | 'columns'> {
	/** The help banner above the first prompt. */
	readonly banner?: boolean;
	/** Our messages after the banner (a `?run=` link's introduction). */
	readonly notices?: readonly Notice[];
	/**
	 * Escape was pressed: the page moves focus out of the terminal. Tab completes inside it, so
	 * without this a keyboard user could not leave (WCAG 2.1.2, no keyboard trap).
	 */
	readonly onEscape?: () => void;
}

const plain = (e: KeyEventLike): boolean => !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey;

/** Ctrl-C and Ctrl-Insert: with text selected they copy (as in Windows Terminal); without, Ctrl-C interrupts. */
const isCopyKey = (e: KeyEventLike): boolean => e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && (e.key.toLowerCase() === 'c' || e.key === 'Insert');

export class LabAddon implements XtermAddonLike {
	private readonly disposables: Disposable[] = [];
	private xterm: XtermLike | undefined;
	private term: TerminalController | undefined;
	private disposed = false;

	constructor(private readonly opts: LabAddonOptions) {}

	/** The controller, once active (the tests read its edit line). */
	get controller(): TerminalController | undefined {
		return this.term;
	}

	activate(terminal: XtermLike): void {
		if (this.xterm !== undefined || this.disposed) throw new Error('broken invariant: a LabAddon is activated once');
		this.xterm = terminal;
		terminal.options.screenReaderMode = true;
		terminal.options.macOptionIsMeta = true;
		// Character widths from width.ts, the editor's own (xterm-unicode.ts says why).
		terminal.unicode.register(widthProvider);
		terminal.unicode.activeVersion = widthProvider.version;
		const output: Output = { write: (data) => terminal.write(data) };
		const { session, scheduler, history, lang, typingDelayMs, submitDelayMs, tickMs, onLine, onReset } = this.opts;
		const controller = new TerminalController({ session, scheduler, history, lang, output, columns: terminal.cols, typingDelayMs, submitDelayMs, tickMs, onLine, onReset });
		this.term = controller;
		this.register({ dispose: () => controller.dispose() });
		this.register(terminal.onData((data) => controller.input(data)));
		this.register(terminal.onResize(({ cols }) => controller.resize(cols)));
		if (terminal.attachCustomKeyEventHandler !== undefined) {
			terminal.attachCustomKeyEventHandler((event) => this.handleKey(event));
			// xterm keeps one handler and has no way to remove it: put back one that lets every key through.
			this.register({ dispose: () => terminal.attachCustomKeyEventHandler?.(() => true) });
		}
		controller.start({ banner: this.opts.banner === true, notices: this.opts.notices ?? [] });
	}

	/**
	 * xterm's custom key handler: whether xterm should handle the key. Escape leaves the terminal;
	 * Ctrl-C with a selection is left to the browser, whose copy event xterm answers with the
	 * selected text.
	 */
	handleKey(event: KeyEventLike): boolean {
		if (event.key === 'Escape' && plain(event) && this.opts.onEscape !== undefined) {
			if (event.type === 'keydown') this.opts.onEscape();
			return false;
		}
		if (isCopyKey(event) && this.xterm?.hasSelection?.() === true) return false;
		return true;
	}

	/** A run button or a `?run=` link: typed visibly, then run. */
	typeAndRun(commands: readonly string[], opts: { readonly interrupt?: boolean } = {}): void {
		this.term?.typeAndRun(commands, opts);
	}

	/** The Reset button. */
	reset(): void {
		this.term?.reset();
	}

	message(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): void {
		this.term?.message(key, vars);
	}

	dispose(): void {
		this.disposed = true;
		for (const d of this.disposables.splice(0).reverse()) d.dispose();
		this.term = undefined;
		this.xterm = undefined;
	}

	private register(d: Disposable): void {
		this.disposables.push(d);
	}
}
