// Tab completion over our Shell, as bash's programmable completion splits it: the word before the
// cursor is a command name (first word of a command, after | ; & && || ( or `), a file name (after
// a redirection, or for commands without a completer), or whatever the command's own `complete`
// hook offers (iptables chains, kubectl pods and containers, ports). Quotes are understood just
// enough to find where the word starts.

import { resolvePath, type Shell } from '../shell';
import { type Completion, NO_COMPLETION } from './types';

interface WordAt {
	/** Words of the command before the one being completed (assignments left out). */
	readonly words: readonly string[];
	/** The word being completed, quotes removed. */
	readonly word: string;
	/** UTF-16 offset where it starts in the line. */
	readonly from: number;
	readonly afterRedirect: boolean;
}

const BREAKS = new Set(['|', ';', '&', '(', ')', '`']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Splits the line up to the cursor into the current command's words (a small subset of parse.ts). */
export function wordAt(line: string, cursor: number): WordAt {
	const text = line.slice(0, cursor);
	let words: string[] = [];
	let word = '';
	let from = -1;
	let quote = '';
	let redirect = false;
	const endWord = (): void => {
		if (from < 0) return;
		if (redirect) redirect = false;
		else if (!(words.length === 0 && ASSIGNMENT.test(word))) words.push(word);
		word = '';
		from = -1;
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i] as string;
		if (quote !== '') {
			if (ch === quote) quote = '';
			else if (quote === '"' && ch === '\\' && i + 1 < text.length) word += text[++i];
			else word += ch;
			continue;
		}
		if (ch === '\\') {
			if (from < 0) from = i;
			if (i + 1 < text.length) word += text[++i];
			continue;
		}
		if (ch === "'" || ch === '"') {
			if (from < 0) from = i;
			quote = ch;
			continue;
		}
		if (/\s/.test(ch)) {
			endWord();
			continue;
		}
		if (BREAKS.has(ch)) {
			endWord();
			words = [];
			redirect = false;
			continue;
		}
		if (ch === '<' || ch === '>') {
			if (/^\d+$/.test(word)) {
				word = ''; // the fd of 2> belongs to the operator
				from = -1;
			}
			endWord();
			redirect = true;
			continue;
		}
		if (from < 0) from = i;
		word += ch;
	}
	return { words, word, from: from < 0 ? text.length : from, afterRedirect: redirect };
}

/** bash escapes these in completed file names. */
const SPECIAL = /([\s'"\\$`!*?;&|<>()#[\]{}~])/g;

export function completeFiles(shell: Shell, word: string, from: number): Completion {
	const slash = word.lastIndexOf('/');
	const typedDir = word.slice(0, slash + 1);
	const base = word.slice(slash + 1);
	const home = shell.getVar('HOME') ?? '/';
	const dir = typedDir === '' ? shell.cwd : typedDir.startsWith('~/') ? resolvePath(home, typedDir.slice(2)) : resolvePath(shell.cwd, typedDir);
	const names = shell.fs.list(dir);
	if (typeof names === 'string') return NO_COMPLETION;
	const escape = (s: string): string => s.replace(SPECIAL, '\\$1');
	const shownDir = typedDir.startsWith('~/') ? `~/${escape(typedDir.slice(2))}` : escape(typedDir);
	const candidates: string[] = [];
	for (const name of names) {
		if (!name.startsWith(base) || (name.startsWith('.') && !base.startsWith('.'))) continue;
		const st = shell.fs.stat(resolvePath(dir, name));
		const isDir = typeof st !== 'string' && st.type === 'dir';
		candidates.push(shownDir + escape(name) + (isDir ? '/' : ''));
	}
	return { from, candidates, labels: 'basename' };
}

export function completeShellLine(shell: Shell, line: string, cursor: number): Completion {
	const at = wordAt(line, cursor);
	const { word, from } = at;
	if (word.startsWith('$')) return NO_COMPLETION;
	if (at.afterRedirect || word.includes('/') || word.startsWith('~')) return completeFiles(shell, word, from);
	if (at.words.length === 0) {
		return { from, candidates: shell.registry.names().filter((n) => n.startsWith(word)) };
	}
	const name = at.words[0] as string;
	const spec = shell.registry.get(name) ?? shell.registry.byPath(name)?.spec;
	if (spec?.complete !== undefined) {
		const offered = spec.complete({ words: [...at.words.slice(1), word], cwd: shell.cwd, fs: shell.fs }).filter((c) => c.startsWith(word));
		if (offered.length > 0) return { from, candidates: offered };
	}
	return completeFiles(shell, word, from);
}
