// Characters -> AST. A recursive-descent parser over the raw line (no separate token stream,
// because bash's words nest: "a $(b "c") d" holds a whole list inside a quoted word). Errors come
// back as values worded like an interactive bash 5.2 prints them (recorded in
// tests/fixtures/shell/recorded.json); inside this module a failure unwinds with `Stop`.

import { DEFAULT_LIMITS } from './limits';
import { own } from './own';
import type { AndOr, Assignment, Command, List, ParseResult, Pipeline, Redirect, RedirectOp, Unsupported, Word, WordPart } from './types';
import { eof, OPERATORS, Stop, syntax, unsupported, WordScanner } from './words';

const REDIRECTS = new Set(['<<<', '<<', '<&', '<>', '>>', '>&', '>|', '<', '>', '&>', '&>>', '<(', '>(']);
/** Reserved words that can only close a compound command: bash rejects them at a command start. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const COMPOUND: Readonly<Record<string, Unsupported>> = {
	if: 'conditionals',
	'[[': 'conditionals',
	while: 'loops',
	until: 'loops',
	for: 'loops',
	select: 'loops',
	case: 'case',
	function: 'functions',
	coproc: 'coproc',
};
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

export function parse(src: string, limits = DEFAULT_LIMITS): ParseResult {
	if (src.length > limits.maxLineLength) return { kind: 'unsupported', feature: 'too-long' };
	try {
		const p = new Parser(src, limits.maxNesting, limits.maxPipeline);
		const list = p.parseList(false);
		const op = p.peekOp();
		if (op !== undefined) throw syntax(op);
		if (!p.atEnd()) throw syntax(p.peekWordText());
		return { kind: 'ok', list };
	} catch (e) {
		if (e instanceof Stop) return e.result;
		throw e;
	}
}

class Parser extends WordScanner {
	protected parseNested(inner: string): List {
		const p = new Parser(inner, this.maxNesting - this.depth, this.maxPipeline);
		const list = p.parseList(false);
		const op = p.peekOp();
		if (op !== undefined) throw syntax(op);
		return list;
	}

	private skipNewlines(): void {
		while (this.peekOp() === '\n') this.pos++;
	}

	/** A list; `inner` lists end at `)` or a `}` word, which the caller consumes. */
	parseList(inner: boolean): List {
		const items: AndOr[] = [];
		for (;;) {
			this.skipNewlines();
			const op = this.peekOp();
			if (this.atEnd() || op === ')' || (inner && this.peekWordText() === '}')) return { items };
			const start = this.pos;
			const item = this.parseAndOr();
			const sep = this.peekOp();
			if (sep === ';' || sep === '\n') this.pos++;
			else if (sep === '&') {
				// `cmd &`: a background job; `jobs` shows its text as typed, blanks squeezed.
				items.push({ ...item, background: { text: this.src.slice(start, this.pos).trim().replace(/\s+/g, ' ') } });
				this.pos++;
				continue;
			}
			items.push(item);
			if (sep !== ';' && sep !== '\n') return { items };
		}
	}

	private parseAndOr(): AndOr {
		const first = this.parsePipeline();
		const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
		for (let op = this.peekOp(); op === '&&' || op === '||'; op = this.peekOp()) {
			this.pos += 2;
			this.skipNewlines();
			rest.push({ op, pipeline: this.parsePipeline() });
		}
		return { first, rest };
	}

	private parsePipeline(): Pipeline {
		let negated = false;
		while (this.peekWordText() === '!') {
			this.pos++;
			negated = !negated;
		}
		const commands = [this.parseCommand()];
		for (let op = this.peekOp(); op === '|' || op === '|&'; op = this.peekOp()) {
			this.pos += op.length;
			if (op === '|&') commands[commands.length - 1] = withStderrToPipe(commands[commands.length - 1] as Command);
			this.skipNewlines();
			if (commands.length >= this.maxPipeline) throw unsupported('too-long');
			commands.push(this.parseCommand());
		}
		return { negated, commands };
	}

	private parseCommand(): Command {
		const op = this.peekOp();
		if (this.atEnd()) throw eof();
		if (op === '(') {
			if (this.src.startsWith('((', this.pos)) throw unsupported('arithmetic-command');
			this.pos++;
			const body = this.nest(() => this.parseList(true));
			if (this.peekOp() !== ')') throw this.atEnd() ? eof() : syntax(this.peekOp() ?? this.peekWordText());
			this.pos++;
			if (body.items.length === 0) throw syntax(')');
			return { kind: 'subshell', body, redirects: this.parseTrailingRedirects() };
		}
		if (op !== undefined && !REDIRECTS.has(op) && !/^\d/.test(op)) throw syntax(op);
		const head = this.peekWordText();
		if (head === '{') {
			this.pos++;
			const body = this.nest(() => this.parseList(true));
			if (this.peekWordText() !== '}') throw this.atEnd() ? eof() : syntax(this.peekOp() ?? this.peekWordText());
			this.pos++;
			if (body.items.length === 0) throw syntax('}');
			return { kind: 'group', body, redirects: this.parseTrailingRedirects() };
		}
		if (CLOSERS.has(head)) throw syntax(head);
		const feature = own(COMPOUND, head);
		if (feature !== undefined) throw unsupported(feature);
		return this.parseSimple();
	}

	private parseTrailingRedirects(): Redirect[] {
		const redirects: Redirect[] = [];
		for (;;) {
			const r = this.tryRedirect();
			if (r !== undefined) redirects.push(r);
			else if (this.peekOp() === undefined && !this.atEnd() && this.peekWordText() !== '}') throw syntax(this.peekWordText());
			else return redirects;
		}
	}

	private parseSimple(): Command {
		const assignments: Assignment[] = [];
		const words: Word[] = [];
		const redirects: Redirect[] = [];
		for (;;) {
			const r = this.tryRedirect();
			if (r !== undefined) {
				redirects.push(r);
				continue;
			}
			const op = this.peekOp();
			if (op !== undefined || this.atEnd()) {
				if (op === '(' && (words.length > 0 || assignments.length > 0)) throw syntax('(');
				break;
			}
			const word = this.parseWord();
			const a = words.length === 0 ? asAssignment(word) : undefined;
			if (a !== undefined) assignments.push(a);
			else words.push(word);
		}
		return { kind: 'simple', assignments, words, redirects };
	}

	/** `2>&1`, `>out`, `&>log`, `<<<word`... or undefined when no redirection starts here. */
	private tryRedirect(): Redirect | undefined {
		this.skipBlanks();
		const m = /^(\d+)(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12));
		const start = this.pos;
		if (m !== null) this.pos += m[0].length;
		const op = OPERATORS.find((o) => this.src.startsWith(o, this.pos));
		if (op === undefined || !REDIRECTS.has(op)) {
			this.pos = start;
			return undefined;
		}
		if (op === '<<') throw unsupported('heredoc');
		if (op === '<(' || op === '>(') throw unsupported('process-substitution');
		this.pos += op.length;
		const next = this.peekOp();
		if (next !== undefined) throw syntax(next === '\n' ? 'newline' : next);
		if (this.atEnd()) throw syntax('newline');
		const target = this.parseWord();
		const fd = m !== null ? Number(m[1]) : op.startsWith('<') ? 0 : 1;
		return { fd, op: (op === '<>' ? '<' : op) as RedirectOp, target };
	}
}

function asAssignment(word: Word): Assignment | undefined {
	const first = word.parts[0];
	if (first?.kind !== 'literal' || first.quoted) return undefined;
	const m = ASSIGNMENT.exec(first.text);
	if (m === null || !NAME.test(m[1] as string)) return undefined;
	const rest = first.text.slice(m[0].length);
	const parts: WordPart[] = rest === '' ? [] : [{ kind: 'literal', text: rest, quoted: false }];
	parts.push(...word.parts.slice(1));
	return { name: m[1] as string, value: { parts, raw: word.raw.slice(m[0].length) } };
}

/** `a |& b` is `a 2>&1 | b`. */
function withStderrToPipe(c: Command): Command {
	const dup: Redirect = { fd: 2, op: '>&', target: { parts: [{ kind: 'literal', text: '1', quoted: false }], raw: '1' } };
	return { ...c, redirects: [...c.redirects, dup] };
}
