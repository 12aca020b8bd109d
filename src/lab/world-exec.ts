// Running a program at another place, as nsenter and the container runtime do: the program sees
// that place's namespace, files, user and programs for as long as it runs, and the shell that
// started it stays where it was. Everything swaps `handle.location` around the program's run
// (and around each slice of a long-running one) and puts it back.

import { isProcess, Shell, type CommandContext, type CommandResult, type Outcome, type Process, type ShellControl } from '../shell';
import type { Location, World } from '../world/types';
import type { ExecResult } from './lab-control';
import { identityAt, shDialect, type ShellDialect } from './location-info';
import { programsAt, type Registries } from './world-registry';
import type { LocationFs } from './world-fs';
import type { WorldHandle } from './world-handle';

const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment a container's processes get from the runtime: PATH, HOSTNAME, HOME (+TERM with a tty). */
export function containerEnv(world: World, at: Location, tty: boolean): Record<string, string> {
	return { PATH: IMAGE_PATH, HOSTNAME: at.hostname, ...(tty ? { TERM: 'xterm' } : {}), HOME: identityAt(world, at).home };
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The dialect a shell program is at a place, or undefined when the name is not a shell there. */
export function shellProgram(world: World, at: Location, name: string): ShellDialect | undefined {
	const base = basename(name);
	if (!programsAt(world, at).has(base === 'ash' ? 'sh' : base)) return undefined;
	if (base === 'bash') return 'bash';
	if (base === 'sh' || base === 'ash') return at.kind === 'exec' ? shDialect(world, at) : 'dash';
	return undefined;
}

export interface ExecDeps {
	readonly handle: WorldHandle;
	readonly fs: LocationFs;
	readonly registries: Registries;
	readonly shellOptions: () => { readonly lang: CommandContext['lang']; readonly columns: number };
}

/** Runs `fn` with the handle standing at `at`, then puts it back. */
export function standingAt<T>(handle: WorldHandle, at: Location, fn: () => T): T {
	const before = handle.location;
	handle.location = at;
	try {
		return fn();
	} finally {
		// The program may have moved the world on; only the place is restored.
		handle.location = before;
	}
}

/** A long-running program keeps running at its place whenever it gets time. */
function stayingAt(handle: WorldHandle, at: Location, proc: Process): Process {
	return {
		kind: 'process',
		advance: (ms) => standingAt(handle, at, () => proc.advance(ms)),
		signal: (sig) => standingAt(handle, at, () => proc.signal(sig)),
	};
}

/** A script run by `sh -c` or piped into a shell at `at`, to its end. */
export function runScript(deps: ExecDeps, at: Location, script: string, env: Readonly<Record<string, string>>): CommandResult {
	const { lang, columns } = deps.shellOptions();
	const shell = new Shell({ registry: deps.registries.at(deps.handle.world, at), fs: deps.fs, lang, columns, cwd: at.cwd, env, tty: false });
	return standingAt(deps.handle, at, () => {
		let status = 0;
		let stdout = '';
		let stderr = '';
		for (const line of script.split('\n')) {
			if (line.trim() === '') continue;
			const r = shell.run(line);
			stdout += r.stdout;
			stderr += r.stderr;
			status = r.exitCode;
			if (r.control === 'exit') break;
		}
		return { stdout, stderr, exitCode: status };
	});
}

/** A ShellControl for a program run directly (no shell around it): it can look up programs of its place. */
function detachedControl(deps: ExecDeps, at: Location, env: ReadonlyMap<string, string>): ShellControl {
	const registry = () => deps.registries.at(deps.handle.world, at);
	return {
		getVar: (n) => env.get(n),
		setVar: () => undefined,
		unsetVar: () => undefined,
		exportVar: () => undefined,
		variables: () => [...env].map(([name, value]) => ({ name, value, exported: true })),
		setCwd: () => undefined,
		requestExit: () => undefined,
		requestClear: () => undefined,
		history: () => [],
		clearHistory: () => undefined,
		lookup: (n) => {
			const r = registry();
			const spec = n.includes('/') ? r.byPath(n)?.spec : r.get(n);
			return spec === undefined ? undefined : { spec, path: n.includes('/') ? n : r.pathOf(spec, n) };
		},
		commands: () => registry().commands(),
		exec: () => undefined,
		jobs: () => undefined,
	};
}

/** Whether `name` is a program at `at` (builtins that exist only inside bash are not). */
export function hasProgram(deps: ExecDeps, at: Location, name: string): boolean {
	if (shellProgram(deps.handle.world, at, name) !== undefined) return true;
	const r = deps.registries.at(deps.handle.world, at);
	const spec = name.includes('/') ? r.byPath(name)?.spec : r.get(name);
	if (spec === undefined) return false;
	return r.pathOf(spec, name.includes('/') ? basename(name) : name) !== undefined;
}

/** See LabControl.exec. */
export function execAt(deps: ExecDeps, at: Location, argv: readonly string[], ctx: CommandContext, envMode: 'inherit' | 'container'): ExecResult {
	const name = argv[0] ?? '';
	const has = (n: string) => hasProgram(deps, at, n);
	if (!has(name)) return { kind: 'missing' };
	const env = envMode === 'inherit' ? Object.fromEntries(ctx.env) : containerEnv(deps.handle.world, at, false);
	const dialect = shellProgram(deps.handle.world, at, name);
	if (dialect !== undefined) {
		const c = argv.indexOf('-c');
		if (c > 0) return { kind: 'ran', outcome: runScript(deps, at, argv[c + 1] ?? '', env) };
		if (ctx.stdin.isTerminal) return { kind: 'interactive', dialect };
		return { kind: 'ran', outcome: runScript(deps, at, ctx.stdin.readAll(), env) };
	}
	const r = deps.registries.at(deps.handle.world, at);
	const spec = name.includes('/') ? r.byPath(name)?.spec : r.get(name);
	if (spec === undefined) return { kind: 'missing' };
	const cwd = envMode === 'inherit' ? ctx.cwd : at.cwd;
	const envMap = new Map(Object.entries(env));
	const outcome: Outcome = standingAt(deps.handle, at, () => spec.run(argv.slice(1), { ...ctx, argv0: name, cwd, env: envMap, shell: detachedControl(deps, at, envMap) }));
	return { kind: 'ran', outcome: isProcess(outcome) ? stayingAt(deps.handle, at, outcome) : outcome };
}
