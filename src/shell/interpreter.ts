// AST -> exit status, as generators: a line runs synchronously until a long-running command
// (sleep, ping) needs simulated time; then it yields and the driver (session.ts) grants time or
// Ctrl-C. Pipelines run their stages left to right; each stage is a subshell (a copy of the
// state), as in bash, so `cd /tmp | cat` changes nothing.

import { expandFields, expandSingle, type ExpandScope, type Expanded, type Run } from './expand';
import { STRERROR, resolvePath, type VirtualFs } from './fs';
import { BufferSink, NULL_SINK, ProcessInput, type Screen, type Sink, stringInput } from './io';
import { t } from './messages';
import { applyRedirects, type Fds } from './redirect';
import { closestName, type Registry } from './registry';
import { type AndOr, type Budget, type Command, type CommandContext, type CommandSpec, isProcess, type JobControl, type Lang, type Limits, type List, type Outcome, type Pipeline, type Process, type ShellControl, type Word } from './types';

export interface Var {
	value: string | undefined;
	exported: boolean;
}

/** What a subshell copies: variables, the working directory, $?. */
export interface ShellState {
	readonly vars: Map<string, Var>;
	cwd: string;
	status: number;
	exitRequested: number | undefined;
	readonly subshell: boolean;
}

/** What the whole line shares, subshells included. */
export interface LineEnv {
	readonly registry: Registry;
	readonly fs: VirtualFs;
	readonly lang: Lang;
	readonly limits: Limits;
	readonly budget: Budget;
	readonly screen: Screen;
	readonly columns: number;
	readonly pid: number;
	readonly history: () => readonly string[];
	readonly clearHistory: () => void;
	clear: boolean;
	interrupted: boolean;
	substDepth: number;
	/**
	 * Set when the last grant found the running command waiting for something that no amount of
	 * time brings (a capture with no packets coming): the driver of a script may end it as Ctrl-C.
	 */
	blocked: boolean;
	/** Starts `cmd &` as a job of the interactive shell; absent where there is no job table. */
	readonly spawn?: (item: AndOr, state: ShellState, fds: Fds) => void;
	/** The job table the job builtins work on. */
	readonly jobs?: JobControl;
}

export function cloneState(s: ShellState): ShellState {
	const vars = new Map<string, Var>();
	for (const [k, v] of s.vars) vars.set(k, { ...v });
	return { vars, cwd: s.cwd, status: s.status, exitRequested: undefined, subshell: true };
}

function lookupVar(state: ShellState, line: LineEnv, name: string): string | undefined {
	switch (name) {
		case '?':
			return String(state.status);
		case '$':
			return String(line.pid);
		case '#':
			return '0';
		case '0':
			return 'bash';
		case '@':
		case '*':
			return '';
		case '-':
			return 'himBs';
		default:
			return /^\d+$/.test(name) ? undefined : state.vars.get(name)?.value;
	}
}

export function setVar(state: ShellState, name: string, value: string): void {
	const v = state.vars.get(name);
	if (v === undefined) state.vars.set(name, { value, exported: false });
	else v.value = value;
}

const stopped = (state: ShellState, line: LineEnv): boolean => state.exitRequested !== undefined || line.interrupted || line.budget.exhausted;

export function* runList(list: List, state: ShellState, fds: Fds, line: LineEnv): Run<number> {
	for (const item of list.items) {
		// bash runs `cmd &` in a subshell of its own and goes on at once with status 0.
		if (item.background !== undefined && line.spawn !== undefined) {
			line.spawn(item, state, fds);
			state.status = 0;
		} else state.status = yield* runAndOr(item, state, fds, line);
		if (stopped(state, line)) break;
	}
	return state.exitRequested ?? state.status;
}

export function* runAndOr(item: AndOr, state: ShellState, fds: Fds, line: LineEnv): Run<number> {
	let status = yield* runPipeline(item.first, state, fds, line);
	for (const { op, pipeline } of item.rest) {
		if (stopped(state, line)) break;
		state.status = status;
		if ((op === '&&') === (status === 0)) status = yield* runPipeline(pipeline, state, fds, line);
	}
	return status;
}

interface Pending {
	readonly proc: Process;
	readonly err: Sink;
}

function* runPipeline(p: Pipeline, state: ShellState, fds: Fds, line: LineEnv): Run<number> {
	let status = 0;
	if (p.commands.length === 1) status = yield* finish(yield* runCommand(p.commands[0] as Command, state, fds, line), fds, line);
	else {
		let input = fds.in;
		const upstream: ProcessInput[] = [];
		const procs: Pending[] = [];
		for (const [i, cmd] of p.commands.entries()) {
			const pipe = i < p.commands.length - 1 ? new BufferSink(line.limits.maxInput) : undefined;
			const r = yield* runCommand(cmd, cloneState(state), { in: input, out: pipe ?? fds.out, err: fds.err }, line, pipe);
			if (typeof r === 'number') {
				status = r;
				input = stringInput(pipe?.text ?? '');
			} else if (pipe !== undefined) {
				const pi = new ProcessInput(r.proc, line.budget, line.limits.maxInput, r.err);
				upstream.push(pi);
				procs.push(r);
				input = pi;
			}
			if (line.interrupted || line.budget.exhausted) break;
		}
		// The reader is gone: writers die of SIGPIPE, others (sleep) are waited for, as bash does.
		for (const [i, pi] of upstream.entries()) {
			const proc = procs[i] as Pending;
			if (pi.ended !== undefined) continue;
			const last = proc.proc.signal('PIPE');
			proc.err.write(last.stderr);
			if (last.exitCode === undefined) yield* wait(proc.proc, { in: fds.in, out: NULL_SINK, err: proc.err }, line);
		}
	}
	return p.negated ? (status === 0 ? 1 : 0) : status;
}

function* finish(r: number | Pending, fds: Fds, line: LineEnv): Run<number> {
	return typeof r === 'number' ? r : yield* wait(r.proc, { ...fds, err: r.err }, line);
}

/** Drives a process to its end with the time the driver grants; Ctrl-C sends it INT. */
function* wait(proc: Process, fds: Fds, line: LineEnv): Run<number> {
	for (;;) {
		if (line.interrupted || line.budget.exhausted || line.screen.truncated) {
			const s = proc.signal('INT');
			fds.out.write(s.stdout);
			fds.err.write(s.stderr);
			return s.exitCode ?? 130;
		}
		const grant = yield;
		line.blocked = false;
		if ('interrupt' in grant) {
			line.interrupted = true;
			continue;
		}
		if ('signal' in grant) {
			// A job's process gets the signal; the rest of the job's list does not run.
			const s = proc.signal(grant.signal);
			fds.out.write(s.stdout);
			fds.err.write(s.stderr);
			line.interrupted = true;
			if (s.exitCode !== undefined) return s.exitCode & 255;
			continue;
		}
		const s = proc.advance(grant.ms);
		line.budget.spend();
		fds.out.write(s.stdout);
		fds.err.write(s.stderr);
		if (s.exitCode !== undefined) return s.exitCode & 255;
		line.blocked = grant.ms === Number.POSITIVE_INFINITY && s.elapsedMs === Number.POSITIVE_INFINITY && s.stdout === '' && s.stderr === '';
	}
}

function* runCommand(cmd: Command, state: ShellState, fds: Fds, line: LineEnv, pipe?: Sink): Run<number | Pending> {
	if (!line.budget.spend()) return 1;
	const scope = scopeOf(state, line, fds);
	if (cmd.kind !== 'simple') {
		const r = yield* applyRedirects(cmd.redirects, scope, fds);
		if (!r.ok) return failed(fds, r.error);
		if (cmd.kind === 'group') return yield* runList(cmd.body, state, r.value, line);
		const sub = cloneState(state);
		const status = yield* runList(cmd.body, sub, r.value, line);
		return sub.exitRequested ?? status;
	}
	const values: [string, string][] = [];
	for (const a of cmd.assignments) {
		const v = yield* expandSingle(a.value, scope);
		if (!v.ok) return failed(fds, v.error);
		values.push([a.name, v.value]);
	}
	const argv = yield* expandArgv(cmd.words, scope);
	if (!argv.ok) return failed(fds, argv.error);
	const r = yield* applyRedirects(cmd.redirects, scope, fds);
	if (!r.ok) return failed(fds, r.error);
	const io = r.value;
	const name = argv.value[0];
	if (name === undefined) {
		for (const [k, v] of values) setVar(state, k, v);
		return scope.substStatus ?? 0;
	}
	const found = findCommand(line.registry, line.fs, state.cwd, name);
	if (typeof found === 'string') {
		io.err.write(found);
		if (found.endsWith('command not found\n')) {
			const near = closestName(name, line.registry.names());
			if (near !== undefined) io.err.write(`${t(line.lang, 'suggest.command', { name: near })}\n`);
			return 127;
		}
		return found.includes('No such file') ? 127 : 126;
	}
	const env = new Map<string, string>();
	for (const [k, v] of state.vars) if (v.exported && v.value !== undefined) env.set(k, v.value);
	for (const [k, v] of values) env.set(k, v);
	const ctx: CommandContext = {
		argv0: name,
		stdin: io.in,
		env,
		cwd: state.cwd,
		fs: line.fs,
		lang: line.lang,
		stdoutIsTerminal: io.out.terminal === true,
		columns: line.columns,
		budget: line.budget,
		shell: control(state, line),
		limits: line.limits,
	};
	const outcome = found.run(argv.value.slice(1), ctx);
	if (!isProcess(outcome)) {
		io.out.write(outcome.stdout);
		io.err.write(outcome.stderr);
		return outcome.exitCode & 255;
	}
	if (pipe !== undefined && io.out === pipe) return { proc: outcome, err: io.err };
	return yield* wait(outcome, io, line);
}

function failed(fds: Fds, error: string): number {
	fds.err.write(`bash: ${error}\n`);
	return 1;
}

const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const ASSIGNMENT_WORD = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Arguments of export and friends that look like assignments are not split (bash 5.2). */
function* expandArgv(words: readonly Word[], scope: ExpandScope): Run<Expanded<string[]>> {
	const head = yield* expandFields(words.slice(0, 1), scope);
	if (!head.ok || !DECLARATIONS.has(head.value[0] ?? '')) return head.ok ? yield* expandFields(words, scope) : head;
	const out = [...head.value];
	for (const w of words.slice(1)) {
		const first = w.parts[0];
		const assignment = first?.kind === 'literal' && !first.quoted && ASSIGNMENT_WORD.test(first.text);
		const v = assignment ? yield* expandSingle(w, scope) : yield* expandFields([w], scope);
		if (!v.ok) return v;
		if (typeof v.value === 'string') out.push(v.value);
		else out.push(...v.value);
	}
	return { ok: true, value: out };
}

type Scope = ExpandScope & { substStatus: number | undefined };

function scopeOf(state: ShellState, line: LineEnv, fds: Fds): Scope {
	const scope: Scope = {
		lookup: (n) => lookupVar(state, line, n),
		assign: (n, v) => setVar(state, n, v),
		cwd: state.cwd,
		fs: line.fs,
		budget: line.budget,
		maxFields: line.limits.maxFields,
		substStatus: undefined,
		*substitute(body: List): Run<string> {
			if (line.substDepth >= line.limits.maxSubstitutionDepth) {
				fds.err.write(`${t(line.lang, 'unsupported.too-deep')}\n`);
				line.budget.spend(line.limits.maxSteps);
				return '';
			}
			line.substDepth++;
			const sub = cloneState(state);
			const out = new BufferSink(line.limits.maxInput);
			const status = yield* runList(body, sub, { in: fds.in, out, err: fds.err }, line);
			line.substDepth--;
			scope.substStatus = status;
			return out.text;
		},
	};
	return scope;
}

type Found = CommandSpec | string;

/** The command `name` runs, or bash's message when there is none. */
export function findCommand(registry: Registry, fs: VirtualFs, cwd: string, name: string): Found {
	if (!name.includes('/')) return registry.get(name) ?? `bash: ${name}: command not found\n`;
	const path = resolvePath(cwd, name);
	const hit = registry.byPath(path);
	if (hit !== undefined) return hit.spec;
	const st = fs.stat(path);
	if (typeof st === 'string') return `bash: ${name}: ${STRERROR[st]}\n`;
	return st.type === 'dir' ? `bash: ${name}: Is a directory\n` : `bash: ${name}: Permission denied\n`;
}

function control(state: ShellState, line: LineEnv): ShellControl {
	return {
		getVar: (n) => lookupVar(state, line, n),
		setVar: (n, v) => setVar(state, n, v),
		unsetVar: (n) => void state.vars.delete(n),
		exportVar: (n) => {
			const v = state.vars.get(n);
			if (v === undefined) state.vars.set(n, { value: undefined, exported: true });
			else v.exported = true;
		},
		variables: () => [...state.vars].map(([name, v]) => ({ name, value: v.value, exported: v.exported })),
		setCwd: (p) => {
			state.cwd = p;
		},
		requestExit: (code) => {
			state.exitRequested = code & 255;
		},
		requestClear: () => {
			line.clear = true;
		},
		history: line.history,
		clearHistory: line.clearHistory,
		lookup: (n) => {
			const spec = findCommand(line.registry, line.fs, state.cwd, n);
			if (typeof spec === 'string') return undefined;
			return { spec, path: n.includes('/') ? resolvePath(state.cwd, n) : line.registry.pathOf(spec, n) };
		},
		commands: () => line.registry.commands(),
		jobs: () => line.jobs,
		exec: (argv, stdin): Outcome | undefined => {
			const name = argv[0] ?? '';
			const spec = name.includes('/') ? line.registry.byPath(resolvePath(state.cwd, name))?.spec : line.registry.get(name);
			if (spec === undefined) return undefined;
			if (!line.budget.spend()) return { stdout: '', stderr: '', exitCode: 1 };
			const env = new Map<string, string>();
			for (const [k, v] of state.vars) if (v.exported && v.value !== undefined) env.set(k, v.value);
			const sub = cloneState(state);
			return spec.run(argv.slice(1), {
				argv0: name,
				stdin: stringInput(stdin),
				env,
				cwd: state.cwd,
				fs: line.fs,
				lang: line.lang,
				stdoutIsTerminal: false,
				columns: line.columns,
				budget: line.budget,
				shell: control(sub, line),
				limits: line.limits,
			});
		},
	};
}
