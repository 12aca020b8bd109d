// awk program text -> items (ast.ts), by recursive descent over POSIX awk's grammar. Syntax errors
// are worded as mawk 1.3.4 words them ("awk: line 1: syntax error at or near }").

import type { Expr, Item, Output, Stmt } from './ast';
import { ExprParser, Fail } from './expr';
import { lex } from './lex';

export function parseProgram(src: string): { ok: true; items: Item[] } | { ok: false; error: string } {
	const l = lex(src);
	if (!l.ok) return l;
	const p = new Parser(l.toks, src);
	try {
		return { ok: true, items: p.program() };
	} catch (e) {
		if (e instanceof Fail) return { ok: false, error: e.message };
		throw e;
	}
}

class Parser extends ExprParser {
	program(): Item[] {
		const items: Item[] = [];
		this.terminators();
		while (this.peek().t !== 'eof') {
			if (this.kw('BEGIN') || this.kw('END')) {
				const kind = this.next().t === 'kw' && (this.toks[this.i - 1] as { v: string }).v === 'BEGIN' ? 'begin' : 'end';
				this.nls();
				if (!this.op('{')) throw this.fail();
				items.push({ kind, action: this.action() });
			} else if (this.kw('function')) throw this.fail();
			else if (this.op('{')) items.push({ kind: 'main', action: this.action() });
			else {
				const pattern = this.expr(false);
				let pattern2: Expr | undefined;
				if (this.op(',')) {
					this.i++;
					this.nls();
					pattern2 = this.expr(false);
				}
				const action = this.op('{') ? this.action() : undefined;
				items.push({ kind: 'main', pattern, ...(pattern2 === undefined ? {} : { pattern2 }), ...(action === undefined ? {} : { action }) });
			}
			if (!(this.peek().t === 'nl' || this.op(';') || this.peek().t === 'eof' || this.toks[this.i - 1]?.t === 'op')) throw this.fail();
			this.terminators();
		}
		return items;
	}

	private action(): Stmt[] {
		this.expect('{');
		this.depth++;
		const body: Stmt[] = [];
		for (;;) {
			this.terminators();
			if (this.op('}')) break;
			if (this.peek().t === 'eof') throw this.fail();
			body.push(this.stmt());
		}
		this.i++;
		this.depth--;
		return body;
	}

	private endStmt(): void {
		if (this.op(';') || this.peek().t === 'nl') {
			this.i++;
			return;
		}
		if (this.op('}') || this.peek().t === 'eof') return;
		throw this.fail();
	}

	private simpleOrBlock(): Stmt {
		this.nls();
		if (this.op(';')) {
			this.i++;
			return { k: 'block', body: [] };
		}
		return this.stmt();
	}

	private stmt(): Stmt {
		const t = this.peek();
		if (this.op('{')) return { k: 'block', body: this.action() };
		if (t.t === 'kw') {
			switch (t.v) {
				case 'if': {
					this.i++;
					this.expect('(');
					const c = this.expr(false);
					this.expect(')');
					const then = this.simpleOrBlock();
					const save = this.i;
					this.terminators();
					if (this.kw('else')) {
						this.i++;
						return { k: 'if', c, then, else: this.simpleOrBlock() };
					}
					this.i = save;
					return { k: 'if', c, then };
				}
				case 'while': {
					this.i++;
					this.expect('(');
					const c = this.expr(false);
					this.expect(')');
					if (this.op(';')) {
						this.i++;
						return { k: 'while', c, body: { k: 'block', body: [] } };
					}
					return { k: 'while', c, body: this.simpleOrBlock() };
				}
				case 'do': {
					this.i++;
					const body = this.simpleOrBlock();
					this.terminators();
					if (!this.kw('while')) throw this.fail();
					this.i++;
					this.expect('(');
					const c = this.expr(false);
					this.expect(')');
					this.endStmt();
					return { k: 'do', body, c };
				}
				case 'for': {
					this.i++;
					this.expect('(');
					const a = this.peek();
					const b = this.peek(1);
					const arr = this.peek(2);
					if (a.t === 'name' && b.t === 'kw' && b.v === 'in' && arr.t === 'name' && this.op(')', 3)) {
						this.i += 4;
						return { k: 'forin', v: a.v, arr: arr.v, body: this.simpleOrBlock() };
					}
					const init = this.op(';') ? undefined : this.expr(false);
					this.expect(';');
					this.nls();
					const c = this.op(';') ? undefined : this.expr(false);
					this.expect(';');
					this.nls();
					const step = this.op(')') ? undefined : this.expr(false);
					this.expect(')');
					return { k: 'for', ...(init === undefined ? {} : { init }), ...(c === undefined ? {} : { c }), ...(step === undefined ? {} : { step }), body: this.simpleOrBlock() };
				}
				case 'next':
				case 'break':
				case 'continue':
					this.i++;
					this.endStmt();
					return { k: t.v };
				case 'exit': {
					this.i++;
					const e = this.op(';') || this.op('}') || this.peek().t === 'nl' || this.peek().t === 'eof' ? undefined : this.expr(false);
					this.endStmt();
					return e === undefined ? { k: 'exit' } : { k: 'exit', e };
				}
				case 'delete': {
					this.i++;
					const n = this.next();
					if (n.t !== 'name') throw this.fail();
					let subs: Expr[] | undefined;
					if (this.op('[')) {
						this.i++;
						subs = this.exprList(false);
						this.expect(']');
					}
					this.endStmt();
					return subs === undefined ? { k: 'delete', name: n.v } : { k: 'delete', name: n.v, subs };
				}
				case 'print':
				case 'printf': {
					this.i++;
					const args = this.printArgs();
					let out: Output | undefined;
					if (this.op('>') || this.op('>>') || this.op('|')) {
						const mode = this.next() as { v: '>' | '>>' | '|' };
						out = { mode: mode.v, target: this.concat(true) };
					}
					this.endStmt();
					if (t.v === 'printf' && args.length === 0) throw this.fail();
					return out === undefined ? { k: t.v, args } : { k: t.v, args, out };
				}
				default:
					throw this.fail();
			}
		}
		const e = this.expr(false);
		this.endStmt();
		return { k: 'expr', e };
	}

	/** `print (a, b) > f` groups its list in parentheses; `print (a) b` does not. */
	private printArgs(): Expr[] {
		if (this.op(';') || this.op('}') || this.peek().t === 'nl' || this.peek().t === 'eof' || this.op('>') || this.op('|')) return [];
		if (this.op('(')) {
			const save = this.i;
			this.i++;
			const list = this.exprList(false);
			if (this.op(')')) {
				this.i++;
				if (this.op(';') || this.op('}') || this.peek().t === 'nl' || this.peek().t === 'eof' || this.op('>') || this.op('>>') || this.op('|')) return list;
			}
			this.i = save;
		}
		return this.exprList(true);
	}

}
