// The terminal: keys from xterm go through the decoder and the editor; Enter starts a line in the
// session; a running line gets the time that passes (one advance per tick of the scheduler) and
// Ctrl-C; its output goes through the filter to the screen; then the next prompt. Run buttons and
// `?run=` links queue commands that are typed visibly, one character per tick, and run in order.
//
//   state     keys go to                       leaves when
//   idle      the editor                       Enter starts a line (running), a queued command (typing)
//   typing    the type-ahead queue; C-c stops  the command is typed and Enter pressed
//   running   the type-ahead queue; C-c: INT   the Job is done: prompt, then queue and type-ahead
//   ended     Enter restarts the lab           (after `exit` in the outermost shell, or C-d)
//
// Like a tty, keys typed while a line runs are kept and read by the next prompt, and Ctrl-C
// throws them away (termios(3): input is flushed on INTR unless NOFLSH is set).

import type { JobStep, OutputEvent } from '../shell';
import { JobDriver } from './job-driver';
import { Editor } from './editor';
import type { History } from './history';
import { KeyDecoder } from './keys';
import { type MessageKey, notice, t } from './messages';
import { OutputFilter } from './output';
import { LineRenderer } from './renderer';
import { typeSlowly } from './scheduler';
import { type EditorEffect, type KeyAction, type Lang, type LabSession, NO_COMPLETION, type Output, type PendingLine, type Scheduler, type View } from './types';
import { sanitize, sanitizePrompt, textWidth } from './width';

export interface TerminalOptions {
	readonly session: LabSession;
	readonly output: Output;
	readonly scheduler: Scheduler;
	readonly history: History;
	/** Language of the terminal's own messages (the page's). */
	readonly lang: Lang;
	readonly columns?: number;
	/** Between two characters of a command typed by a run button or a link. */
	readonly typingDelayMs?: number;
	/** Between the last character of such a command and its Enter. */
	readonly submitDelayMs?: number;
	/** Between two advances of a running line. */
	readonly tickMs?: number;
	/** After every line that ran (not a blank one): what it was, what the terminal showed for it, how it ended. */
	readonly onLine?: (ran: LineRan) => void;
	/** After the lab went back to its starting state (Reset, a typed `reset`, Enter after the shell exited). */
	readonly onReset?: () => void;
}

/** One line that ran, as the page's `sidecar-lab:ran` event reports it. */
export interface LineRan {
	readonly line: string;
	/** What the terminal showed between the line and the next prompt: ANSI stripped, `\n` line ends. */
	readonly output: string;
	readonly exitCode: number;
	/** Where the shell stood when the line ran (LabSession.where), '' if the session does not say. */
	readonly at: string;
}

/** Control sequences (CSI, OSC, other ESC pairs) and lone control characters, which a reader of the text does not see. */
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** What a screen shows of terminal output, as plain text: no escape sequences, `\n` line ends. */
export function plainText(written: string): string {
	return written.replace(/\r\n/g, '\n').replace(/\r/g, '').replace(CONTROL, '');
}

export type TerminalState = 'new' | 'idle' | 'typing' | 'running' | 'ended' | 'disposed';

/** One of our messages, by key, with its placeholders. */
export interface Notice {
	readonly key: MessageKey;
	readonly vars?: Readonly<Record<string, string | number>>;
}

/** ED 2 with the cursor home: Ctrl-L. `clear` and Reset also drop the scrollback (ED 3), as ncurses' clear does. */
const CLEAR_SCREEN = '\x1b[H\x1b[2J';
const CLEAR_ALL = `${CLEAR_SCREEN}\x1b[3J`;
/** DECSET 2004: pastes arrive between ESC [200~ and ESC [201~, so the editor can tell them from typing. */
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const MAX_TYPEAHEAD = 1024;

export class TerminalController {
	private state: TerminalState = 'new';
	private readonly decoder = new KeyDecoder();
	private readonly editor: Editor;
	private readonly renderer: LineRenderer;
	private readonly filter: OutputFilter;
	private pending: PendingLine[] = [];
	private typeahead: KeyAction[] = [];
	private readonly jobs: JobDriver;
	private interrupted = false;
	/** Stops the typing of a queued command. */
	private cancelTimer: (() => void) | undefined;
	private pumping = false;
	private batching = false;
	/** The editor changed since the line was last drawn. */
	private dirty = false;
	private readonly typingDelay: number;
	private readonly submitDelay: number;
	/** The line running now and what has been written since it started, for onLine. */
	private capture: { line: string; at: string; text: string } | undefined;

	constructor(private readonly opts: TerminalOptions) {
		this.renderer = new LineRenderer(opts.output, opts.columns ?? 80);
		this.filter = new OutputFilter(this.renderer.width);
		this.editor = new Editor({ history: opts.history, complete: (line, cursor) => this.complete(line, cursor), columns: () => this.renderer.width });
		this.typingDelay = opts.typingDelayMs ?? 30;
		this.submitDelay = opts.submitDelayMs ?? 250;
		this.jobs = new JobDriver(opts.scheduler, opts.tickMs ?? 50, {
			output: (events) => this.print(events),
			done: (step) => this.finish(step),
			failed: (err) => {
				this.report(err);
				this.ran(1);
				this.showPrompt(0);
			},
		});
	}

	get status(): TerminalState {
		return this.state;
	}

	/** The edit line on screen (for tests, and for an accessible mirror of the line), if one is shown. */
	get editLine(): { readonly view: View; readonly startColumn: number } | undefined {
		return this.renderer.shownLine;
	}

	/**
	 * Turns on bracketed paste and shows the first prompt, after the help banner and any notices
	 * (a `?run=` link's introduction) if asked.
	 */
	start(opts: { readonly banner?: boolean; readonly notices?: readonly Notice[] } = {}): void {
		if (this.state !== 'new') return;
		let text = BRACKETED_PASTE_ON + (opts.banner === true ? notice(t(this.opts.lang, 'terminal.banner')) : '');
		for (const n of opts.notices ?? []) text += notice(t(this.opts.lang, n.key, n.vars));
		this.write(text);
		this.showPrompt(0);
	}

	/** What xterm's onData delivers. */
	input(data: string): void {
		if (this.state === 'disposed') return;
		// Keys that arrive together (a fast typist, arrows repeating) are drawn once, at the end.
		this.batching = true;
		try {
			for (const action of this.decoder.feed(data)) this.key(action);
		} finally {
			this.batching = false;
			this.redraw();
		}
	}

	/**
	 * Types commands visibly and runs them in order, after whatever runs now. `interrupt` stops a
	 * running line first, as Ctrl-C would (a run button must not wait behind an endless ping).
	 */
	typeAndRun(commands: readonly string[], opts: { readonly interrupt?: boolean } = {}): void {
		if (this.state === 'disposed') return;
		const lines = commands.flatMap((c) => c.split(/\r\n|\r|\n/)).map((l) => sanitize(l).trim()).filter((l) => l !== '');
		if (opts.interrupt === true && this.state === 'running') this.interruptJob();
		this.pending.push(...lines.map((text) => ({ text, typed: true, submit: true })));
		if (this.state === 'ended') this.restart();
		else if (this.state === 'idle') this.pump();
	}

	/** One of our messages, on its own lines above the prompt. */
	message(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): void {
		if (this.state === 'disposed') return;
		const text = notice(t(this.opts.lang, key, vars));
		if (this.renderer.active) {
			this.renderer.end();
			this.write(text);
			this.renderer.begin(this.editor.view(), 0);
			return;
		}
		this.newRow();
		this.write(text);
	}

	/** The Reset button (and a typed `reset`): the scenario as it started, a clean screen, history kept. */
	reset(): void {
		if (this.state === 'disposed') return;
		this.stopWork();
		this.attempt(() => this.opts.session.reset());
		this.renderer.detach();
		this.write(CLEAR_ALL + notice(t(this.opts.lang, 'terminal.reset')));
		this.filter.column = 0;
		this.showPrompt(0);
		this.opts.onReset?.();
	}

	resize(columns: number): void {
		this.renderer.resize(columns);
		this.filter.columns = this.renderer.width;
	}

	dispose(): void {
		this.stopWork();
		this.state = 'disposed';
	}

	private key(action: KeyAction): void {
		switch (this.state) {
			case 'idle':
				this.handle(action);
				this.pump();
				return;
			case 'running':
				if (action.kind === 'interrupt') this.interruptJob();
				else if (this.typeahead.length < MAX_TYPEAHEAD) this.typeahead.push(action);
				return;
			case 'typing':
				if (action.kind === 'interrupt') {
					this.cancelTimer?.();
					this.pending = [];
					this.typeahead = [];
					this.state = 'idle';
					this.handle(action);
				} else if (this.typeahead.length < MAX_TYPEAHEAD) this.typeahead.push(action);
				return;
			case 'ended':
				if (action.kind === 'enter') this.restart();
				return;
			case 'new':
			case 'disposed':
				return;
		}
	}

	/** One action through the editor: the line is redrawn first, then the effects happen. */
	private handle(action: KeyAction): void {
		const effects = this.editor.apply(action);
		this.dirty = true;
		if (this.batching && effects.length === 0) return;
		this.redraw();
		for (const e of effects) this.effect(e);
	}

	private redraw(): void {
		if (this.dirty && this.renderer.active && this.state !== 'disposed') this.renderer.update(this.editor.view());
		this.dirty = false;
	}

	private effect(e: EditorEffect): void {
		switch (e.kind) {
			case 'submit':
				this.renderer.end();
				this.filter.column = 0;
				this.pending.unshift(...e.then);
				this.runLine(e.line);
				return;
			case 'cancel':
				this.renderer.end('^C');
				this.filter.column = 0;
				this.showPrompt(0);
				return;
			case 'eof':
				// bash prints `exit` right after the prompt, on the same row.
				this.filter.column = this.renderer.endInPlace();
				this.runLine('exit');
				return;
			case 'clear-screen':
				this.write(CLEAR_SCREEN);
				this.renderer.detach();
				this.renderer.begin(this.editor.view(), 0);
				return;
			case 'bell':
				this.write('\x07');
				return;
			case 'print':
				if (this.renderer.active) this.renderer.end();
				this.write(e.text);
				if (e.then === 'prompt') this.renderer.begin(this.editor.view(), 0);
				else this.filter.column = textWidth(e.text);
				return;
		}
	}

	/** Runs what is queued (the rest of a paste, run buttons, type-ahead) while the prompt is idle. */
	private pump(): void {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.state === 'idle') {
				const next = this.pending.shift();
				if (next !== undefined) {
					if (next.typed) {
						this.startTyping(next);
						return;
					}
					this.handle({ kind: 'insert', text: next.text });
					if (next.submit) this.handle({ kind: 'enter' });
					continue;
				}
				const action = this.typeahead.shift();
				if (action === undefined) return;
				this.handle(action);
			}
		} finally {
			this.pumping = false;
		}
	}

	private startTyping(line: PendingLine): void {
		this.state = 'typing';
		if (this.editor.modeName !== 'edit' || this.editor.line.length > 0) this.editor.setLine('');
		if (this.renderer.active) this.renderer.update(this.editor.view());
		else {
			this.write('\r\n');
			this.renderer.begin(this.editor.view(), 0);
		}
		this.cancelTimer = typeSlowly(
			this.opts.scheduler,
			line.text,
			this.typingDelay,
			line.submit ? this.submitDelay : 0,
			(ch) => this.handle({ kind: 'insert', text: ch }),
			() => {
				this.cancelTimer = undefined;
				this.state = 'idle';
				if (line.submit) this.handle({ kind: 'enter' });
				this.pump();
			},
		);
	}

	private runLine(line: string): void {
		if (line.trim() === 'reset') {
			this.reset();
			return;
		}
		this.state = 'running';
		this.interrupted = false;
		this.capture = line.trim() === '' ? undefined : { line, at: this.attempt(() => this.opts.session.where?.()) ?? '', text: '' };
		const job = this.attempt(() => this.opts.session.start(line));
		if (job === undefined) {
			this.ran(1);
			this.showPrompt(0);
		} else this.jobs.start(job);
	}

	private interruptJob(): void {
		if (!this.jobs.running) return;
		this.pending = [];
		this.typeahead = [];
		this.interrupted = true;
		this.write('^C');
		this.filter.column += 2;
		this.jobs.interrupt();
	}

	private print(output: readonly OutputEvent[]): void {
		let text = '';
		for (const e of output) text += this.filter.feed(e.text);
		if (text !== '') this.write(text);
	}

	private finish(s: JobStep): void {
		this.ran(s.exitCode ?? 0);
		if (s.control === 'clear') {
			this.write(CLEAR_ALL);
			this.filter.column = 0;
		}
		if (s.control === 'exit') {
			this.newRow();
			this.write(notice(t(this.opts.lang, 'terminal.exited')));
			this.state = 'ended';
			return;
		}
		// bash starts a new row after a job killed by SIGINT (`sleep 9` ^C); ping ends its own.
		if (this.interrupted) this.newRow();
		this.showPrompt(this.filter.column);
	}

	/** After `exit` or Ctrl-D: Enter brings the lab back, as it started. */
	private restart(): void {
		this.attempt(() => this.opts.session.reset());
		this.write(notice(t(this.opts.lang, 'terminal.reset')));
		this.showPrompt(0);
		this.opts.onReset?.();
	}

	/** The running line has ended: tell the page (a listener that throws costs nothing here). */
	private ran(exitCode: number): void {
		const c = this.capture;
		this.capture = undefined;
		if (c === undefined || this.opts.onLine === undefined) return;
		try {
			this.opts.onLine({ line: c.line, output: plainText(c.text), exitCode, at: c.at });
		} catch {
			// The page's listener is not the terminal's concern.
		}
	}

	private showPrompt(column: number): void {
		this.state = 'idle';
		const prompt = this.attempt(() => this.opts.session.prompt()) ?? '$ ';
		this.editor.newLine(sanitizePrompt(prompt));
		this.renderer.begin(this.editor.view(), column);
		this.dirty = false;
		this.pump();
	}

	private complete(line: string, cursor: number): ReturnType<LabSession['complete']> {
		try {
			return this.opts.session.complete(line, cursor);
		} catch {
			return NO_COMPLETION; // a broken completer costs a bell, not the terminal
		}
	}

	/** Calls into the session; a thrown error is reported (see `report`) and gives undefined. */
	private attempt<T>(fn: () => T): T | undefined {
		try {
			return fn();
		} catch (err) {
			this.report(err);
			return undefined;
		}
	}

	/**
	 * A thrown error is a broken invariant in the simulator: it is reported in the page's language
	 * and the terminal carries on (the caller shows a fresh prompt).
	 */
	private report(err: unknown): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		if (this.renderer.active) this.renderer.end();
		else this.newRow();
		this.filter.column = 0;
		const message = sanitize(err instanceof Error ? err.message : String(err)).slice(0, 200);
		this.write(notice(t(this.opts.lang, 'terminal.error', { message })));
	}

	private stopWork(): void {
		this.capture = undefined; // a line cut short by Reset or dispose has no end to report
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		this.jobs.stop();
		this.pending = [];
		this.typeahead = [];
	}

	private newRow(): void {
		if (this.filter.column !== 0) this.write('\r\n');
		this.filter.column = 0;
	}

	private write(data: string): void {
		if (this.capture !== undefined) this.capture.text += data;
		this.opts.output.write(data);
	}
}
