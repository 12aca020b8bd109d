// The line editor: KeyActions in, a View and EditorEffects out. It owns the line buffer, the walk
// through history, Ctrl-R and Tab, and knows nothing of screens or sessions: Tab asks an injected
// `complete` function, and everything else it wants done (run a line, ring, list, clear) comes
// back as effects for the controller.

import { formatColumns, QUERY_ITEMS, queryText, resolveCompletion } from './completion';
import { type History, HistoryWalk } from './history';
import { LineBuffer, type Killed } from './line-buffer';
import { ReverseSearch } from './search';
import type { Completion, EditorEffect, KeyAction, PendingLine, View } from './types';
import { sanitize } from './width';

export interface EditorOptions {
	readonly history: History;
	/** The session's Tab: candidates for the word before `cursor` (UTF-16). */
	readonly complete: (line: string, cursor: number) => Completion;
	/** The terminal's width, for Tab Tab's columns. */
	readonly columns: () => number;
}

type Mode =
	| { readonly kind: 'edit' }
	| { readonly kind: 'search'; readonly search: ReverseSearch }
	/** "Display all 120 possibilities? (y or n)" is waiting for its answer. */
	| { readonly kind: 'query'; readonly labels: readonly string[] };

const BELL: EditorEffect = { kind: 'bell' };

export class Editor {
	private buffer = LineBuffer.EMPTY;
	private prompt = '';
	private mode: Mode = { kind: 'edit' };
	private readonly walk: HistoryWalk;
	private killed = '';
	/** Labels of the previous Tab when it was ambiguous: the next Tab lists them. */
	private tabbed: readonly string[] | undefined;
	private lastQuery = '';

	constructor(private readonly opts: EditorOptions) {
		this.walk = new HistoryWalk(opts.history);
	}

	/** Starts a new, empty line after `prompt`. */
	newLine(prompt: string): void {
		this.buffer = LineBuffer.EMPTY;
		this.prompt = prompt;
		this.mode = { kind: 'edit' };
		this.tabbed = undefined;
		this.walk.restart();
	}

	/** Replaces what is typed (a run button clears the line before typing its command). */
	setLine(text: string): void {
		this.buffer = LineBuffer.of(text);
		this.mode = { kind: 'edit' };
		this.tabbed = undefined;
	}

	get line(): LineBuffer {
		return this.buffer;
	}

	get modeName(): Mode['kind'] {
		return this.mode.kind;
	}

	view(): View {
		if (this.mode.kind === 'search') return this.mode.search.view();
		return { prompt: this.prompt, text: this.buffer.text, cursor: this.buffer.offset };
	}

	apply(action: KeyAction): EditorEffect[] {
		const tabbed = this.tabbed;
		this.tabbed = undefined;
		switch (this.mode.kind) {
			case 'query':
				return this.answer(action, this.mode.labels);
			case 'search':
				return this.searching(action, this.mode.search);
			case 'edit':
				return this.edit(action, tabbed);
		}
	}

	private edit(action: KeyAction, tabbed: readonly string[] | undefined): EditorEffect[] {
		const b = this.buffer;
		switch (action.kind) {
			case 'insert': {
				this.buffer = b.insert(action.text);
				return this.buffer.text === b.text ? [BELL] : [];
			}
			case 'paste':
				return this.paste(action.text);
			case 'enter':
				return [this.submit([])];
			case 'tab':
				return tabbed === undefined ? this.complete() : this.list(tabbed);
			case 'backspace':
				return this.set(b.backspace());
			case 'delete':
				return this.set(b.delete());
			case 'left':
				return this.set(b.left());
			case 'right':
				return this.set(b.right());
			case 'home':
				return this.set(b.home());
			case 'end':
				return this.set(b.end());
			case 'word-left':
				return this.set(b.wordLeft());
			case 'word-right':
				return this.set(b.wordRight());
			case 'transpose':
				return this.set(b.transpose());
			case 'kill-to-start':
				return this.kill(b.killToStart());
			case 'kill-to-end':
				return this.kill(b.killToEnd());
			case 'kill-word-back':
				return this.kill(b.killWordBack());
			case 'kill-alnum-back':
				return this.kill(b.killAlnumBack());
			case 'kill-word-forward':
				return this.kill(b.killWordForward());
			case 'yank':
				return this.killed === '' ? [] : this.set(b.insert(this.killed));
			case 'up':
				return this.recall(this.walk.up(b.text));
			case 'down':
				return this.recall(this.walk.down(b.text));
			case 'clear-screen':
				return [{ kind: 'clear-screen' }];
			case 'interrupt':
				this.walk.restart();
				return [{ kind: 'cancel' }];
			case 'eof':
				return b.length === 0 ? [{ kind: 'eof' }] : this.set(b.delete());
			case 'reverse-search':
				this.mode = { kind: 'search', search: new ReverseSearch(this.opts.history.entries, b, this.lastQuery) };
				return [];
			case 'abort':
				return [BELL];
			case 'escape':
				return [];
		}
	}

	private set(next: LineBuffer): EditorEffect[] {
		this.buffer = next;
		return [];
	}

	private kill(k: Killed): EditorEffect[] {
		if (k.killed !== '') this.killed = k.killed;
		return this.set(k.buffer);
	}

	private recall(text: string | undefined): EditorEffect[] {
		if (text === undefined) return [BELL];
		return this.set(LineBuffer.of(text));
	}

	/** Enter: the line goes to history and to the controller, with whatever a paste left queued. */
	private submit(then: readonly PendingLine[]): EditorEffect {
		const line = this.buffer.text;
		this.opts.history.add(line);
		this.walk.restart();
		return { kind: 'submit', line, then };
	}

	/**
	 * A paste is inserted as it is; each newline in it is an Enter, so a pasted block of commands
	 * runs line by line, as in a terminal without bracketed paste. What follows the last newline
	 * stays on the line for the learner to finish.
	 */
	private paste(text: string): EditorEffect[] {
		const lines = text.replace(/\r\n?/g, '\n').split('\n');
		const first = lines[0] ?? '';
		if (lines.length === 1) return this.edit({ kind: 'insert', text: first }, undefined);
		this.buffer = this.buffer.insert(first);
		const rest = lines.slice(1);
		const then: PendingLine[] = rest.map((l, i) => ({ text: l, typed: false, submit: i < rest.length - 1 }));
		if (then[then.length - 1]?.text === '') then.pop();
		return [this.submit(then)];
	}

	private complete(): EditorEffect[] {
		const b = this.buffer;
		const res = resolveCompletion(b.text, b.offset, this.opts.complete(b.text, b.offset));
		if (res.kind === 'none') return [BELL];
		if (res.kind === 'unique') {
			const next = b.replaceBeforeCursor(b.indexAt(res.from), res.text);
			this.buffer = res.skipSpace ? next.right() : next;
			return [];
		}
		if (res.prefix !== undefined) this.buffer = b.replaceBeforeCursor(b.indexAt(res.from), res.prefix);
		this.tabbed = res.labels;
		return [BELL];
	}

	private list(labels: readonly string[]): EditorEffect[] {
		if (labels.length >= QUERY_ITEMS) {
			this.mode = { kind: 'query', labels };
			return [{ kind: 'print', text: queryText(labels.length), then: 'wait' }];
		}
		return [{ kind: 'print', text: rows(labels, this.opts.columns()), then: 'prompt' }];
	}

	/** readline's answers: y, Y or space show the list; n, N, DEL, C-g or C-c do not; others ring. */
	private answer(action: KeyAction, labels: readonly string[]): EditorEffect[] {
		const key = action.kind === 'insert' ? action.text[0] : action.kind;
		if (key === 'y' || key === 'Y' || key === ' ') {
			this.mode = { kind: 'edit' };
			return [{ kind: 'print', text: `\r\n${rows(labels, this.opts.columns())}`, then: 'prompt' }];
		}
		if (key === 'n' || key === 'N' || key === 'backspace' || key === 'delete' || key === 'abort' || key === 'interrupt') {
			this.mode = { kind: 'edit' };
			return [{ kind: 'print', text: '\r\n', then: 'prompt' }];
		}
		return [BELL];
	}

	private searching(action: KeyAction, s: ReverseSearch): EditorEffect[] {
		switch (action.kind) {
			case 'insert':
			case 'paste':
				s.type(sanitize(action.text.replace(/[\r\n]+/g, ' ')));
				return s.failed ? [BELL] : [];
			case 'backspace':
				s.erase();
				return [];
			case 'reverse-search':
				return s.again() ? [] : [BELL];
			case 'abort':
				this.endSearch(s, s.original);
				return [];
			case 'interrupt':
				this.endSearch(s, s.original);
				return this.edit(action, undefined);
			case 'escape':
				this.endSearch(s, s.result());
				return [];
			default:
				// Any other key ends the search on the line found, then does what it does (readline).
				this.endSearch(s, s.result());
				return this.edit(action, undefined);
		}
	}

	private endSearch(s: ReverseSearch, line: LineBuffer): void {
		if (s.query !== '') this.lastQuery = s.query;
		this.mode = { kind: 'edit' };
		this.buffer = line;
		if (line !== s.original && s.index !== undefined) this.walk.moveTo(s.index, s.original.text);
	}
}

function rows(labels: readonly string[], columns: number): string {
	return formatColumns(labels, columns)
		.map((r) => `${r}\r\n`)
		.join('');
}
