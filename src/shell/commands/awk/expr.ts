// The expression half of the awk parser: precedence climbing over POSIX awk's grammar, lowest
// first: ?:, ||, &&, in, ~ !~, comparisons, concatenation, + -, * / %, unary, ^, ++ --, $.

import type { Expr, LValue } from './ast';
import type { Tok } from './lex';

export class Fail {
	constructor(readonly message: string) {}
}

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '^=']);
const CMP = new Set(['<', '<=', '!=', '==', '>', '>=']);

const text = (t: Tok): string => (t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.t === 'str' ? `"${t.v}"` : t.t === 're' ? `/${t.v}/` : String(t.v));
export const isLValue = (e: Expr): e is LValue => e.k === 'var' || e.k === 'field' || e.k === 'elem';

export class ExprParser {
	protected i = 0;
	protected depth = 0;
	constructor(
		protected readonly toks: readonly Tok[],
		protected readonly src: string,
	) {}

	protected peek(o = 0): Tok {
		return this.toks[Math.min(this.i + o, this.toks.length - 1)] as Tok;
	}
	protected next(): Tok {
		return this.toks[Math.min(this.i++, this.toks.length - 1)] as Tok;
	}
	protected op(v: string, o = 0): boolean {
		const t = this.peek(o);
		return t.t === 'op' && t.v === v;
	}
	protected kw(v: string): boolean {
		const t = this.peek();
		return t.t === 'kw' && t.v === v;
	}
	protected fail(): Fail {
		const t = this.peek();
		const lines = this.src.split('\n').length;
		if (t.t === 'eof' && this.depth > 0) return new Fail(`awk: line ${lines + 1}: missing } near end of file\n`);
		const line = this.toks.slice(0, this.i).filter((x) => x.t === 'nl').length + 1;
		return new Fail(`awk: line ${line}: syntax error at or near ${text(t)}\n`);
	}
	protected expect(v: string): void {
		if (!this.op(v)) throw this.fail();
		this.i++;
	}
	protected nls(): void {
		while (this.peek().t === 'nl') this.i++;
	}
	protected terminators(): void {
		while (this.peek().t === 'nl' || this.op(';')) this.i++;
	}

	protected exprList(noGt: boolean): Expr[] {
		const list = [this.expr(noGt)];
		while (this.op(',')) {
			this.i++;
			this.nls();
			list.push(this.expr(noGt));
		}
		return list;
	}

	expr(noGt: boolean): Expr {
		if (++this.depth > 200) throw this.fail();
		try {
			const left = this.ternary(noGt);
			const t = this.peek();
			if (t.t === 'op' && ASSIGN.has(t.v) && isLValue(left)) {
				this.i++;
				this.nls();
				return { k: 'assign', op: t.v, target: left, value: this.expr(noGt) };
			}
			return left;
		} finally {
			this.depth--;
		}
	}

	private ternary(noGt: boolean): Expr {
		const c = this.or(noGt);
		if (!this.op('?')) return c;
		this.i++;
		this.nls();
		const a = this.expr(noGt);
		this.nls();
		this.expect(':');
		this.nls();
		return { k: 'cond', c, a, b: this.expr(noGt) };
	}

	private or(noGt: boolean): Expr {
		let a = this.and(noGt);
		while (this.op('||')) {
			this.i++;
			this.nls();
			a = { k: 'logic', op: '||', a, b: this.and(noGt) };
		}
		return a;
	}

	private and(noGt: boolean): Expr {
		let a = this.inExpr(noGt);
		while (this.op('&&')) {
			this.i++;
			this.nls();
			a = { k: 'logic', op: '&&', a, b: this.inExpr(noGt) };
		}
		return a;
	}

	private inExpr(noGt: boolean): Expr {
		let a = this.match(noGt);
		while (this.kw('in')) {
			this.i++;
			const n = this.next();
			if (n.t !== 'name') throw this.fail();
			a = { k: 'in', subs: a.k === 'group' ? [a.e] : [a], name: n.v };
		}
		return a;
	}

	private match(noGt: boolean): Expr {
		let a = this.cmp(noGt);
		while (this.op('~') || this.op('!~')) {
			const neg = this.next().t === 'op' && (this.toks[this.i - 1] as { v: string }).v === '!~';
			a = { k: 'match', neg, a, re: this.cmp(noGt) };
		}
		return a;
	}

	private cmp(noGt: boolean): Expr {
		const a = this.concat(noGt);
		const t = this.peek();
		if (t.t === 'op' && CMP.has(t.v) && !(noGt && t.v === '>')) {
			this.i++;
			return { k: 'cmp', op: t.v, a, b: this.concat(noGt) };
		}
		return a;
	}

	private startsConcat(): boolean {
		const t = this.peek();
		if (t.t === 'num' || t.t === 'str' || t.t === 're' || t.t === 'name' || t.t === 'builtin') return true;
		return t.t === 'op' && ['$', '(', '!', '++', '--', '-', '+'].includes(t.v) && !(t.v === '-' || t.v === '+' || t.v === '!');
	}

	protected concat(noGt: boolean): Expr {
		let a = this.additive();
		while (this.startsConcat() && !this.kw('in')) a = { k: 'concat', a, b: this.additive() };
		void noGt;
		return a;
	}

	private additive(): Expr {
		let a = this.mul();
		while (this.op('+') || this.op('-')) {
			const op = (this.next() as { v: string }).v;
			a = { k: 'bin', op, a, b: this.mul() };
		}
		return a;
	}

	private mul(): Expr {
		let a = this.unary();
		while (this.op('*') || this.op('/') || this.op('%')) {
			const op = (this.next() as { v: string }).v;
			a = { k: 'bin', op, a, b: this.unary() };
		}
		return a;
	}

	private unary(): Expr {
		if (this.op('!') || this.op('-') || this.op('+')) {
			const op = (this.next() as { v: string }).v;
			return { k: 'unary', op, a: this.unary() };
		}
		return this.pow();
	}

	private pow(): Expr {
		const a = this.postfix();
		if (!this.op('^')) return a;
		this.i++;
		return { k: 'bin', op: '^', a, b: this.unary() };
	}

	private postfix(): Expr {
		const a = this.primary();
		if ((this.op('++') || this.op('--')) && isLValue(a)) return { k: 'incr', op: (this.next() as { v: '++' | '--' }).v, prefix: false, target: a };
		return a;
	}

	private primary(): Expr {
		const t = this.next();
		if (t.t === 'num') return { k: 'num', v: t.v };
		if (t.t === 'str') return { k: 'str', v: t.v };
		if (t.t === 're') return { k: 're', src: t.v };
		if (t.t === 'op') {
			if (t.v === '(') {
				const e = this.expr(false);
				this.expect(')');
				return { k: 'group', e };
			}
			if (t.v === '$') {
				if (this.op('++') || this.op('--')) return { k: 'field', index: this.primary() };
				if (this.op('-')) {
					this.i++;
					return { k: 'field', index: { k: 'unary', op: '-', a: this.primary() } };
				}
				return { k: 'field', index: this.primary() };
			}
			if (t.v === '++' || t.v === '--') {
				const target = this.primary();
				if (!isLValue(target)) throw this.fail();
				return { k: 'incr', op: t.v, prefix: true, target };
			}
		}
		if (t.t === 'builtin') {
			if (!this.op('(')) {
				if (t.v === 'length') return { k: 'call', name: 'length', args: [] };
				throw this.fail();
			}
			this.i++;
			const args = this.op(')') ? [] : this.exprList(false);
			this.expect(')');
			return { k: 'call', name: t.v, args };
		}
		if (t.t === 'name') {
			if (this.op('[')) {
				this.i++;
				const subs = this.exprList(false);
				this.expect(']');
				return { k: 'elem', name: t.v, subs };
			}
			return { k: 'var', name: t.v };
		}
		this.i--;
		throw this.fail();
	}
}
