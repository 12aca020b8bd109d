// The terminal's vocabulary: read this file first.
//
// A lesson's terminal is a line editor in front of a LabSession. Everything here is pure
// TypeScript: no DOM, no xterm, no timers. The xterm adapter (xterm-addon.ts, an addon-style
// class) only forwards `onData` strings in and `write` strings out; the page around it is
// src/components/Lab.astro and src/components/lab/.
//
//   xterm onData ──> keys.ts        "\x1b[D", "\x17", "ls -l" ──> KeyAction[]
//                       │
//                       v
//                    editor.ts      KeyAction ──> LineBuffer (line-buffer.ts, cursor in clusters)
//                       │                         history.ts (↑ ↓, persisted per lesson)
//                       │                         search.ts  (Ctrl-R)
//                       │                         completion.ts (Tab, Tab Tab lists in columns)
//                       │           ──> View { prompt, text, cursor } and EditorEffect[]
//                       v
//                    controller.ts  submit ──> LabSession.start(line) ──> Job, advanced by a
//                       │           Scheduler (real timers in the page, a manual clock in tests)
//                       v
//                    renderer.ts    View ──> the fewest ANSI writes (layout.ts: rows, wide CJK)
//                    output.ts      job output ──> \r\n, no OSC/DCS, the column it ends at
//                       │
//                       v
//                    Output.write(s) ──> xterm

import type { Job, LineResult } from '../shell';

export type Lang = 'en' | 'zh';

/**
 * What the terminal talks to: today a Shell over the rules lab (shell-session.ts), soon
 * `createLab({ scenario, at, lang })`. Everything is synchronous; a Web Worker version would make
 * `start`, `complete` and the Job's methods return promises, and only controller.ts would change.
 */
export interface LabSession {
	/** Runs a line to its end at once (tests, benchmarks). */
	run(line: string): LineResult;
	/** Starts a line; the terminal drives the Job with elapsed time and Ctrl-C. */
	start(line: string): Job;
	/** Tab: candidates for the word that ends at `cursor` (a UTF-16 offset into `line`). */
	complete(line: string, cursor: number): Completion;
	/** Where the learner is, as bash's PS1 shows it, e.g. `root@kind-worker:~# `. */
	prompt(): string;
	/** Restores the scenario's starting state (the Reset button). */
	reset(): void;
	/** Where the shell stands, for the page's events: `node`, `POD`, `POD/CONTAINER` (a world lab), `sidecar-pod`. */
	where?(): string;
	/** Fetches, in the background, what these lines will need (a world lab: their command groups). */
	prefetch?(lines: readonly string[]): void;
}

export interface Completion {
	/** UTF-16 offset where the word being completed begins; the candidates replace line[from, cursor). */
	readonly from: number;
	/** Whole replacements for that word; a directory ends with '/' (no space is added after it). */
	readonly candidates: readonly string[];
	/**
	 * How a list shows each candidate: in full (commands, flags, chains, pods), or from the last
	 * '/' on, as bash lists file names (`/etc/pa` Tab Tab shows `pam.d/  passwd`).
	 */
	readonly labels?: 'full' | 'basename';
}

export const NO_COMPLETION: Completion = { from: 0, candidates: [] };

/** Where the terminal writes: xterm's `write`, or a string collector in tests. */
export interface Output {
	write(data: string): void;
}

/** Time as the terminal sees it: the page passes setTimeout and performance.now, tests a manual clock. */
export interface Scheduler {
	now(): number;
	/** Calls `fn` once after `ms` milliseconds; the returned function cancels it. */
	schedule(ms: number, fn: () => void): () => void;
}

/** The part of the Web Storage API history needs; `localStorage` fits, and so does a Map in tests. */
export interface KeyValueStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/** What the edit line shows: the prompt (possibly with SGR colours), the text and the cursor. */
export interface View {
	readonly prompt: string;
	readonly text: string;
	/** UTF-16 offset into `text`, on a cluster boundary. */
	readonly cursor: number;
}

/** One editing command, decoded from what xterm sends (keys.ts). Names follow readline's. */
export type KeyAction =
	| { readonly kind: 'insert'; readonly text: string }
	| { readonly kind: 'paste'; readonly text: string }
	| { readonly kind: SimpleKey };

export type SimpleKey =
	| 'enter'
	| 'tab'
	| 'backspace'
	| 'delete'
	| 'left'
	| 'right'
	| 'up'
	| 'down'
	| 'home'
	| 'end'
	| 'word-left'
	| 'word-right'
	| 'kill-to-start'
	| 'kill-to-end'
	| 'kill-word-back'
	| 'kill-alnum-back'
	| 'kill-word-forward'
	| 'yank'
	| 'transpose'
	| 'clear-screen'
	| 'interrupt'
	| 'eof'
	| 'reverse-search'
	| 'abort'
	| 'escape';

/** A line queued behind the current one: the rest of a multi-line paste, or a run button's command. */
export interface PendingLine {
	readonly text: string;
	/** Typed visibly, one character per scheduler tick (run buttons, `?run=`), or shown at once (paste). */
	readonly typed: boolean;
	/** Press Enter after it (false for a paste's last line without a newline). */
	readonly submit: boolean;
}

/** What the editor asks the controller to do besides redrawing the edit line. */
export type EditorEffect =
	| { readonly kind: 'submit'; readonly line: string; readonly then: readonly PendingLine[] }
	/** Ctrl-C at the prompt: `^C`, and a fresh prompt on the next row. */
	| { readonly kind: 'cancel' }
	/** Ctrl-D on an empty line: bash runs `exit`. */
	| { readonly kind: 'eof' }
	| { readonly kind: 'clear-screen' }
	| { readonly kind: 'bell' }
	/** Leave the edit line, print `text` below it, then show a prompt again or wait for an answer. */
	| { readonly kind: 'print'; readonly text: string; readonly then: 'prompt' | 'wait' };
