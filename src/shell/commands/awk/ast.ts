// The awk language subset we run (POSIX awk without getline and user functions), as data.

export type Expr =
	| { readonly k: 'num'; readonly v: number }
	| { readonly k: 'str'; readonly v: string }
	| { readonly k: 're'; readonly src: string }
	| { readonly k: 'var'; readonly name: string }
	| { readonly k: 'field'; readonly index: Expr }
	| { readonly k: 'elem'; readonly name: string; readonly subs: readonly Expr[] }
	| { readonly k: 'assign'; readonly op: string; readonly target: LValue; readonly value: Expr }
	| { readonly k: 'cond'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
	| { readonly k: 'logic'; readonly op: '&&' | '||'; readonly a: Expr; readonly b: Expr }
	| { readonly k: 'in'; readonly subs: readonly Expr[]; readonly name: string }
	| { readonly k: 'match'; readonly neg: boolean; readonly a: Expr; readonly re: Expr }
	| { readonly k: 'cmp'; readonly op: string; readonly a: Expr; readonly b: Expr }
	| { readonly k: 'concat'; readonly a: Expr; readonly b: Expr }
	| { readonly k: 'bin'; readonly op: string; readonly a: Expr; readonly b: Expr }
	| { readonly k: 'unary'; readonly op: string; readonly a: Expr }
	| { readonly k: 'incr'; readonly op: '++' | '--'; readonly prefix: boolean; readonly target: LValue }
	| { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[] }
	| { readonly k: 'group'; readonly e: Expr };

export type LValue = Extract<Expr, { k: 'var' | 'field' | 'elem' }>;

export interface Output {
	readonly mode: '>' | '>>' | '|';
	readonly target: Expr;
}

export type Stmt =
	| { readonly k: 'print'; readonly args: readonly Expr[]; readonly out?: Output }
	| { readonly k: 'printf'; readonly args: readonly Expr[]; readonly out?: Output }
	| { readonly k: 'expr'; readonly e: Expr }
	| { readonly k: 'if'; readonly c: Expr; readonly then: Stmt; readonly else?: Stmt }
	| { readonly k: 'while'; readonly c: Expr; readonly body: Stmt }
	| { readonly k: 'do'; readonly body: Stmt; readonly c: Expr }
	| { readonly k: 'for'; readonly init?: Expr; readonly c?: Expr; readonly step?: Expr; readonly body: Stmt }
	| { readonly k: 'forin'; readonly v: string; readonly arr: string; readonly body: Stmt }
	| { readonly k: 'block'; readonly body: readonly Stmt[] }
	| { readonly k: 'next' }
	| { readonly k: 'exit'; readonly e?: Expr }
	| { readonly k: 'break' }
	| { readonly k: 'continue' }
	| { readonly k: 'delete'; readonly name: string; readonly subs?: readonly Expr[] };

export interface Item {
	readonly kind: 'begin' | 'end' | 'main';
	readonly pattern?: Expr;
	/** The end of a range pattern `/a/,/b/`. */
	readonly pattern2?: Expr;
	/** Undefined means `{ print }`. */
	readonly action?: readonly Stmt[];
}
