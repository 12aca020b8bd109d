// The shell's vocabulary: read this file first.
//
// A line typed in the terminal goes through four pure stages:
//
//   "grep -c LISTEN x | wc -l > n"
//        |  parse.ts (characters -> AST; syntax errors are values worded like bash)
//        v
//   List [ AndOr [ Pipeline [ Simple{words, redirects}, Simple{...} ] ] ]
//        |  interpreter.ts (a generator: it yields whenever a long-running command needs time)
//        |  expand.ts      ($VAR, $(...), `...`, ~, field splitting, globs, quote removal)
//        v
//   a command from the registry: run(args, ctx) -> CommandResult | Process
//        |
//        v
//   { stdout, stderr, exitCode } of the line, or a Job the terminal drives with time and Ctrl-C
//
// Commands of the simulated world (iptables, ss, curl ...) plug in as CommandSpec values; the
// shell knows nothing about them.

import type { VirtualFs } from './fs';

export type Lang = 'en' | 'zh';

/** What a finished command (or line) produced. */
export interface CommandResult {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

/** What a long-running command wrote during one slice of simulated time. */
export interface ProcessStep {
	readonly stdout: string;
	readonly stderr: string;
	/** Simulated milliseconds this step used (0 for pure CPU work such as `yes`). */
	readonly elapsedMs: number;
	/** Set once the process has ended. */
	readonly exitCode?: number;
}

/**
 * INT (Ctrl-C), PIPE (the reader is gone), TERM (`kill %1`), HUP (the terminal went away: the lab
 * was reset, a shell with jobs exited, the CLI's input ended). A process that does not handle TERM
 * or HUP ends as it would on INT; one that dies of the signal returns 128 + its number.
 */
export type Signal = 'INT' | 'PIPE' | 'TERM' | 'HUP';

/**
 * A command that runs for a while (sleep, ping, tcpdump, yes). Nothing here waits for real time:
 * whoever drives it decides how much simulated time passes. The terminal grants the wall-clock
 * time between frames and sends INT on Ctrl-C; tests and the CLI grant Infinity, so `sleep 5`
 * ends at once. A process that writes forever (yes) returns bounded chunks and never ends by
 * itself: its reader stops it with PIPE (as the kernel does when the reading end of a pipe closes).
 */
export interface Process {
	readonly kind: 'process';
	/** Let up to `ms` of simulated time pass; Infinity runs until the end or the next chunk. */
	advance(ms: number): ProcessStep;
	/** INT (Ctrl-C) or PIPE (reader gone). Returns what it wrote last; exitCode set if it ended. */
	signal(sig: Signal): ProcessStep;
}

export type Outcome = CommandResult | Process;

export function isProcess(o: Outcome): o is Process {
	return 'kind' in o && o.kind === 'process';
}

/** A command's standard input. Reading the terminal gives end of file at once (no typing ahead). */
export interface Input {
	/** All remaining input, pulling from a running producer until it ends (bounded by Limits.maxInput). */
	readAll(): string;
	/** The next line with its '\n' (the last line may lack it), or undefined at end of input. */
	readLine(): string | undefined;
	/** True when nothing was piped or redirected in. */
	readonly isTerminal: boolean;
}

/** Per-line resource guard: every command, expansion and chunk of work spends from it. */
export interface Budget {
	/** Spend `n` steps; false once the line's budget is exhausted (the work must stop). */
	spend(n?: number): boolean;
	readonly exhausted: boolean;
}

export interface VariableView {
	readonly name: string;
	/** Undefined for a name that was exported but never given a value (`export X`). */
	readonly value: string | undefined;
	readonly exported: boolean;
}

/** What builtins may change in the shell that runs them (a copy of it, in a pipeline or subshell). */
export interface ShellControl {
	getVar(name: string): string | undefined;
	setVar(name: string, value: string): void;
	unsetVar(name: string): void;
	exportVar(name: string): void;
	variables(): readonly VariableView[];
	setCwd(path: string): void;
	/** `exit`: stops the line; the session reports control 'exit' unless it happens in a subshell. */
	requestExit(code: number): void;
	/** `clear`: the terminal clears its screen when the line ends. */
	requestClear(): void;
	history(): readonly string[];
	clearHistory(): void;
	/** Looks up a command as the shell would run it (for type, which, help); path undefined for builtins. */
	lookup(name: string): { readonly spec: CommandSpec; readonly path: string | undefined } | undefined;
	commands(): readonly CommandSpec[];
	/** Runs a command of the registry as a child process, as xargs does; undefined if there is none. */
	exec(argv: readonly string[], stdin: string): Outcome | undefined;
	/** The interactive shell's background jobs (jobs, fg, kill, wait); undefined in a subshell of a script. */
	jobs(): JobControl | undefined;
}

/** What the job builtins see of the shell's job table (./jobs.ts). */
export interface JobControl {
	/** `jobs`: one line per job, as bash prints them. */
	list(): string;
	/** `fg [%N]`: the job as a foreground process (its command line is printed first), or bash's error. */
	foreground(spec: string | undefined): Process | string;
	/** `kill -SIG %N|PID`: undefined when sent, else bash's error (or ours, for a PID that is no job). */
	signal(spec: string, sig: JobSignal): string | undefined;
	/** `wait [%N|PID]...`: a process that ends when those jobs (all, without operands) have ended. */
	wait(specs: readonly string[]): Process;
}

export type JobSignal = 'INT' | 'TERM' | 'HUP' | 'KILL';

export interface CommandContext {
	/** The command name as typed (argv[0]), e.g. `iptables-nft-save` or `/usr/bin/grep`. */
	readonly argv0: string;
	readonly stdin: Input;
	/** Exported variables plus `VAR=x cmd` prefixes: what the process sees as its environment. */
	readonly env: ReadonlyMap<string, string>;
	readonly cwd: string;
	readonly fs: VirtualFs;
	readonly lang: Lang;
	/** True when stdout goes straight to the terminal (ls uses columns, tools may colour). */
	readonly stdoutIsTerminal: boolean;
	readonly columns: number;
	readonly budget: Budget;
	readonly shell: ShellControl;
	readonly limits: Limits;
}

export interface LocalizedText {
	readonly en: string;
	readonly zh: string;
}

export interface CommandHelp {
	/** One line for `help` and for a learner hovering a command. */
	readonly summary: LocalizedText;
	/** The synopsis line as the real tool prints it, e.g. `grep [OPTION]... PATTERNS [FILE]...`. */
	readonly usage?: string;
}

/** What a command sees when the learner presses Tab; `words` excludes the command name. */
export interface CompletionRequest {
	readonly words: readonly string[];
	readonly cwd: string;
	readonly fs: VirtualFs;
}

export interface CommandSpec {
	readonly name: string;
	/** Other names that run the same command (iptables-save, ip6tables ...). */
	readonly aliases?: readonly string[];
	/** Where `type` and `which` find it; `builtin` for shell builtins. Default `/usr/bin/<name>`. */
	readonly path?: string;
	readonly builtin?: boolean;
	readonly help: CommandHelp;
	run(args: readonly string[], ctx: CommandContext): Outcome;
	/** Candidates for the word being completed (the last of `words`); file names otherwise. */
	complete?(req: CompletionRequest): readonly string[];
}

/** Bounds that keep every line finite whatever is typed (see limits.ts for the defaults). */
export interface Limits {
	readonly maxLineLength: number;
	readonly maxPipeline: number;
	readonly maxNesting: number;
	readonly maxSubstitutionDepth: number;
	readonly maxSteps: number;
	readonly maxOutput: number;
	readonly maxInput: number;
	readonly maxFileSize: number;
	readonly maxFields: number;
}

// ---------------------------------------------------------------------------------------------
// The AST: a tagged union per level, as bash's grammar (man bash, SHELL GRAMMAR).

/** A piece of a word before expansion. `quoted` parts are neither split nor globbed. */
export type WordPart =
	| { readonly kind: 'literal'; readonly text: string; readonly quoted: boolean }
	| {
			readonly kind: 'param';
			readonly name: string;
			readonly op?: ParamOp;
			readonly arg?: Word;
			/** The replacement of ${name/pattern/replacement}. */
			readonly repl?: Word;
			readonly quoted: boolean;
	  }
	| { readonly kind: 'subst'; readonly body: List; readonly quoted: boolean }
	| { readonly kind: 'arith'; readonly expr: string; readonly quoted: boolean };

/** ${name:-word} and friends; `length` is ${#name}; `bad` keeps the text for the runtime error. */
export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%' | '/' | '//' | 'length' | 'bad';

export interface Word {
	readonly parts: readonly WordPart[];
	/** The source text, for messages such as `bad substitution`. */
	readonly raw: string;
}

export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '>|' | '<<<';

export interface Redirect {
	/** The file descriptor written before the operator (`2>`), or the operator's default. */
	readonly fd: number;
	readonly op: RedirectOp;
	readonly target: Word;
}

export interface Assignment {
	readonly name: string;
	readonly value: Word;
}

export type Command =
	| { readonly kind: 'simple'; readonly assignments: readonly Assignment[]; readonly words: readonly Word[]; readonly redirects: readonly Redirect[] }
	| { readonly kind: 'subshell'; readonly body: List; readonly redirects: readonly Redirect[] }
	| { readonly kind: 'group'; readonly body: List; readonly redirects: readonly Redirect[] };

export interface Pipeline {
	readonly negated: boolean;
	readonly commands: readonly Command[];
}

/** `a && b || c`: the first pipeline, then each one guarded by the operator before it. */
export interface AndOr {
	readonly first: Pipeline;
	readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
	/** Ended by `&`: run as a background job; `text` is its command line, as `jobs` shows it. */
	readonly background?: { readonly text: string };
}

export interface List {
	readonly items: readonly AndOr[];
}

export type ParseResult =
	| { readonly kind: 'ok'; readonly list: List }
	/** Bash's own words, e.g. "syntax error near unexpected token `|'". */
	| { readonly kind: 'error'; readonly message: string }
	/** The line ends inside a quote or after `|`: an interactive bash would ask for more (PS2). */
	| { readonly kind: 'incomplete'; readonly message: string }
	/** Valid bash this terminal does not run (loops, here-documents, coprocesses). */
	| { readonly kind: 'unsupported'; readonly feature: Unsupported };

/** Bash syntax this terminal recognises but does not run; messages.ts says so in both languages. */
export type Unsupported =
	| 'loops'
	| 'conditionals'
	| 'functions'
	| 'case'
	| 'heredoc'
	| 'coproc'
	| 'arithmetic-command'
	| 'process-substitution'
	| 'substring'
	| 'too-deep'
	| 'too-long';
