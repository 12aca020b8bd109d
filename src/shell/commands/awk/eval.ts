// Runs an awk program over records: BEGIN, each record through the pattern-action items, END.
// Loops spend from the line's step budget, so `while (1)` ends. Control flow (next, exit, break,
// continue) travels as return values.

import { resolvePath, type VirtualFs } from '../../fs';
import { compile } from '../../text/regex';
import type { Budget } from '../../types';
import type { Expr, Item, LValue, Output, Stmt } from './ast';
import { compare, format, numToStr, StrNum, strnum, toNum, toStr, truthy, UNINIT, type Val } from './value';

type Flow = 'normal' | 'next' | 'exit' | 'break' | 'continue';

export class AwkRuntime {
	readonly vars = new Map<string, Val>();
	readonly arrays = new Map<string, Map<string, Val>>();
	out = '';
	err = '';
	exitCode = 0;
	fatal = false;
	private record = '';
	private fields: string[] | undefined;
	private readonly regexCache = new Map<string, RegExp>();
	private readonly opened = new Set<string>();
	private seed = 0;
	private rand = 0;

	constructor(
		private readonly fs: VirtualFs,
		private readonly cwd: string,
		private readonly budget: Budget,
	) {
		for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', FILENAME: '' })) this.vars.set(k, v);
		for (const k of ['NR', 'FNR', 'NF', 'RSTART', 'RLENGTH']) this.vars.set(k, 0);
	}

	private str(name: string): string {
		return toStr(this.vars.get(name) ?? UNINIT);
	}

	setRecord(text: string): void {
		this.record = text;
		this.fields = undefined;
		this.vars.set('NF', this.split().length);
	}

	private split(): string[] {
		if (this.fields === undefined) this.fields = this.splitText(this.record, this.str('FS'));
		return this.fields;
	}

	splitText(text: string, fs: string): string[] {
		if (text === '') return [];
		if (fs === ' ') return text.trim() === '' ? [] : text.trim().split(/[ \t\n]+/);
		if ([...fs].length === 1 && fs !== '\\') return text.split(fs);
		return text.split(this.regex(fs));
	}

	regex(src: string): RegExp {
		const cached = this.regexCache.get(src);
		if (cached !== undefined) return cached;
		const pre = src.replace(/\\([tn/"])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
		const c = compile(pre, { extended: true });
		const re = c.ok ? new RegExp(c.re.source, 'g') : /(?!)/g;
		if (!c.ok && !this.fatal) {
			this.err += `awk: regular expression compile failed (${c.error})\n${src}\n`;
			this.fatal = true;
			this.exitCode = 2;
		}
		this.regexCache.set(src, re);
		return re;
	}

	private test(re: RegExp, s: string): boolean {
		re.lastIndex = 0;
		return re.test(s);
	}

	private getField(i: number): Val {
		if (i === 0) return strnum(this.record);
		const f = this.split()[i - 1];
		return f === undefined ? UNINIT : strnum(f);
	}

	private setField(i: number, v: string): void {
		if (i === 0) return this.setRecord(v);
		const fields = [...this.split()];
		while (fields.length < i) fields.push('');
		fields[i - 1] = v;
		this.fields = fields;
		this.record = fields.join(this.str('OFS'));
		this.vars.set('NF', fields.length);
	}

	private setNF(n: number): void {
		const fields = [...this.split()].slice(0, Math.max(0, n));
		while (fields.length < n) fields.push('');
		this.fields = fields;
		this.record = fields.join(this.str('OFS'));
	}

	private array(name: string): Map<string, Val> {
		let a = this.arrays.get(name);
		if (a === undefined) {
			a = new Map();
			this.arrays.set(name, a);
		}
		return a;
	}

	private key(subs: readonly Expr[]): string {
		return subs.map((s) => toStr(this.eval(s), this.str('CONVFMT'))).join(this.str('SUBSEP'));
	}

	private get(t: LValue): Val {
		if (t.k === 'var') return this.vars.get(t.name) ?? UNINIT;
		if (t.k === 'field') return this.getField(Math.trunc(toNum(this.eval(t.index))));
		return this.array(t.name).get(this.key(t.subs)) ?? UNINIT;
	}

	private set(t: LValue, v: Val): Val {
		if (t.k === 'var') {
			this.vars.set(t.name, v);
			if (t.name === 'NF') this.setNF(Math.trunc(toNum(v)));
		} else if (t.k === 'field') this.setField(Math.trunc(toNum(this.eval(t.index))), toStr(v, this.str('CONVFMT')));
		else this.array(t.name).set(this.key(t.subs), v);
		return v;
	}

	eval(e: Expr): Val {
		switch (e.k) {
			case 'num':
				return e.v;
			case 'str':
				return e.v;
			case 're':
				return this.test(this.regex(e.src), this.record) ? 1 : 0;
			case 'group':
				return this.eval(e.e);
			case 'var':
			case 'field':
			case 'elem':
				return this.get(e);
			case 'assign': {
				const v = this.eval(e.value);
				if (e.op === '=') return this.set(e.target, v instanceof StrNum ? v : v);
				return this.set(e.target, arith(e.op[0] as string, toNum(this.get(e.target)), toNum(v), this));
			}
			case 'cond':
				return truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
			case 'logic': {
				const a = truthy(this.eval(e.a));
				if (e.op === '&&') return a && truthy(this.eval(e.b)) ? 1 : 0;
				return a || truthy(this.eval(e.b)) ? 1 : 0;
			}
			case 'in':
				return this.array(e.name).has(this.key(e.subs)) ? 1 : 0;
			case 'match': {
				const s = toStr(this.eval(e.a));
				const re = e.re.k === 're' ? this.regex(e.re.src) : this.regex(toStr(this.eval(e.re)));
				return this.test(re, s) !== e.neg ? 1 : 0;
			}
			case 'cmp': {
				const c = compare(this.eval(e.a), this.eval(e.b));
				const r = e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : e.op === '>=' ? c >= 0 : e.op === '==' ? c === 0 : c !== 0;
				return r ? 1 : 0;
			}
			case 'concat':
				return toStr(this.eval(e.a), this.str('CONVFMT')) + toStr(this.eval(e.b), this.str('CONVFMT'));
			case 'bin':
				return arith(e.op, toNum(this.eval(e.a)), toNum(this.eval(e.b)), this);
			case 'unary': {
				const v = this.eval(e.a);
				return e.op === '!' ? (truthy(v) ? 0 : 1) : e.op === '-' ? -toNum(v) : toNum(v);
			}
			case 'incr': {
				const old = toNum(this.get(e.target));
				const nv = e.op === '++' ? old + 1 : old - 1;
				this.set(e.target, nv);
				return e.prefix ? nv : old;
			}
			case 'call':
				return this.call(e.name, e.args);
		}
	}

	private call(name: string, args: readonly Expr[]): Val {
		const a = (i: number): Val => (args[i] === undefined ? UNINIT : this.eval(args[i] as Expr));
		const reOf = (x: Expr | undefined): RegExp => (x === undefined ? /(?!)/g : x.k === 're' ? this.regex(x.src) : this.regex(toStr(this.eval(x))));
		switch (name) {
			case 'length': {
				const x = args[0];
				if (x === undefined) return [...this.record].length;
				if (x.k === 'var' && this.arrays.has(x.name)) return this.array(x.name).size;
				return [...toStr(this.eval(x))].length;
			}
			case 'substr': {
				const s = [...toStr(a(0))];
				const start = Math.round(toNum(a(1)));
				const end = args.length > 2 ? start + Math.round(toNum(a(2))) : s.length + 1;
				return s.slice(Math.max(start, 1) - 1, Math.max(Math.min(end, s.length + 1), 1) - 1).join('');
			}
			case 'index':
				return toStr(a(0)).indexOf(toStr(a(1))) + 1;
			case 'split': {
				const target = args[1];
				if (target?.k !== 'var') return 0;
				const sep = args[2];
				const parts = sep === undefined ? this.splitText(toStr(a(0)), this.str('FS')) : sep.k === 're' ? toStr(a(0)).split(this.regex(sep.src)) : this.splitText(toStr(a(0)), toStr(this.eval(sep)));
				const arr = new Map<string, Val>();
				parts.forEach((p, i) => arr.set(String(i + 1), strnum(p)));
				this.arrays.set(target.name, arr);
				return parts.length;
			}
			case 'sub':
			case 'gsub': {
				const re = reOf(args[0]);
				const repl = toStr(a(1));
				const target: LValue = args[2] !== undefined && (args[2].k === 'var' || args[2].k === 'field' || args[2].k === 'elem') ? args[2] : { k: 'field', index: { k: 'num', v: 0 } };
				const s = toStr(this.get(target));
				let n = 0;
				re.lastIndex = 0;
				const result = s.replace(new RegExp(re.source, 'g'), (m: string, ...rest: unknown[]) => {
					if (name === 'sub' && n > 0) return m;
					void rest;
					n++;
					return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
				});
				if (n > 0) this.set(target, result);
				return n;
			}
			case 'match': {
				const s = toStr(a(0));
				const re = reOf(args[1]);
				re.lastIndex = 0;
				const m = re.exec(s);
				this.vars.set('RSTART', m === null ? 0 : m.index + 1);
				this.vars.set('RLENGTH', m === null ? -1 : m[0].length);
				return m === null ? 0 : m.index + 1;
			}
			case 'sprintf':
				return format(toStr(a(0)), args.slice(1).map((x) => this.eval(x)));
			case 'tolower':
				return toStr(a(0)).toLowerCase();
			case 'toupper':
				return toStr(a(0)).toUpperCase();
			case 'int':
				return Math.trunc(toNum(a(0)));
			case 'sqrt':
				return Math.sqrt(toNum(a(0)));
			case 'exp':
				return Math.exp(toNum(a(0)));
			case 'log':
				return Math.log(toNum(a(0)));
			case 'sin':
				return Math.sin(toNum(a(0)));
			case 'cos':
				return Math.cos(toNum(a(0)));
			case 'atan2':
				return Math.atan2(toNum(a(0)), toNum(a(1)));
			case 'rand':
				// A fixed linear congruential sequence: the simulator has no random source of its own.
				this.rand = (this.rand * 1103515245 + 12345) % 2 ** 31;
				return this.rand / 2 ** 31;
			case 'srand': {
				const old = this.seed;
				this.seed = Math.trunc(toNum(a(0)));
				this.rand = this.seed;
				return old;
			}
			default:
				return 0;
		}
	}

	private write(text: string, out: Output | undefined): void {
		if (out === undefined) {
			this.out += text;
			return;
		}
		const name = toStr(this.eval(out.target));
		if (name === '/dev/stdout' || name === '-') this.out += text;
		else if (name === '/dev/stderr') this.err += text;
		else if (out.mode === '|') this.err += '';
		else {
			const path = resolvePath(this.cwd, name);
			const append = out.mode === '>>' || this.opened.has(path);
			this.opened.add(path);
			this.fs.write(path, text, append);
		}
	}

	exec(s: Stmt): Flow {
		if (!this.budget.spend() || this.fatal) return 'exit';
		switch (s.k) {
			case 'print': {
				const ofmt = this.str('OFMT');
				const parts = s.args.length === 0 ? [this.record] : s.args.map((x) => {
					const v = this.eval(x);
					return typeof v === 'number' ? numToStr(v, ofmt) : toStr(v);
				});
				this.write(parts.join(this.str('OFS')) + this.str('ORS'), s.out);
				return 'normal';
			}
			case 'printf': {
				const [f, ...rest] = s.args.map((x) => this.eval(x));
				this.write(format(toStr(f ?? ''), rest), s.out);
				return 'normal';
			}
			case 'expr':
				this.eval(s.e);
				return 'normal';
			case 'if':
				return truthy(this.eval(s.c)) ? this.exec(s.then) : s.else === undefined ? 'normal' : this.exec(s.else);
			case 'while':
			case 'do':
			case 'for': {
				if (s.k === 'for' && s.init !== undefined) this.eval(s.init);
				let first = s.k === 'do';
				while (first || (s.k === 'for' ? s.c === undefined || truthy(this.eval(s.c)) : truthy(this.eval(s.c)))) {
					first = false;
					const f = this.exec(s.body);
					if (f === 'break') break;
					if (f === 'next' || f === 'exit') return f;
					if (s.k === 'for' && s.step !== undefined) this.eval(s.step);
					if (this.budget.exhausted) return 'exit';
				}
				return 'normal';
			}
			case 'forin': {
				for (const k of [...this.array(s.arr).keys()]) {
					this.vars.set(s.v, strnum(k));
					const f = this.exec(s.body);
					if (f === 'break') break;
					if (f === 'next' || f === 'exit') return f;
				}
				return 'normal';
			}
			case 'block':
				for (const st of s.body) {
					const f = this.exec(st);
					if (f !== 'normal') return f;
				}
				return 'normal';
			case 'next':
			case 'break':
			case 'continue':
				return s.k;
			case 'exit':
				if (s.e !== undefined) this.exitCode = Math.trunc(toNum(this.eval(s.e))) & 255;
				return 'exit';
			case 'delete':
				if (s.subs === undefined) this.arrays.delete(s.name);
				else this.array(s.name).delete(this.key(s.subs));
				return 'normal';
		}
	}

	/** Runs an action; 'next' and 'exit' come back to the record loop. */
	action(body: readonly Stmt[]): Flow {
		return this.exec({ k: 'block', body });
	}

	matches(item: Item, active: boolean[], index: number): boolean {
		if (item.pattern === undefined) return true;
		if (item.pattern2 === undefined) return truthy(this.eval(item.pattern));
		if (!active[index]) {
			if (!truthy(this.eval(item.pattern))) return false;
			active[index] = !truthy(this.eval(item.pattern2));
			return true;
		}
		if (truthy(this.eval(item.pattern2))) active[index] = false;
		return true;
	}
}

function arith(op: string, x: number, y: number, rt: AwkRuntime): number {
	switch (op) {
		case '+':
			return x + y;
		case '-':
			return x - y;
		case '*':
			return x * y;
		case '/':
			if (y === 0) return division(rt, x);
			return x / y;
		case '%':
			if (y === 0) return division(rt, Number.NaN);
			return x % y;
		default:
			return x ** y;
	}
}

/** mawk prints inf (or nan) for a division by zero and goes on. */
function division(_rt: AwkRuntime, x: number): number {
	return x === 0 || Number.isNaN(x) ? Number.NaN : x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
