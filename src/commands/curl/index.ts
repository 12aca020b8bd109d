// The `curl` command of the world: which curl the location has (./versions), its command line
// (./args), each URL through the world (./drive) and reported as that curl reports it
// (./transfer). A transfer that takes simulated time (a connect that hangs until a timeout) runs
// as a process, so the terminal shows the wait and Ctrl-C stops it.

import type { WorldHandle } from '../../lab/world-handle';
import { dirnameOf, isFsError, resolvePath, STRERROR } from '../../shell/fs';
import type { CommandContext, CommandSpec, Outcome } from '../../shell/types';
import type { Tap } from '../../sockets-view/dial';
import { runTransient } from '../../sockets-view/world';
import { exitProcess } from '../../world/mutate';
import { parseCurlArgs, type CurlOptions } from './args';
import { driveTransfer } from './drive';
import { CURL_HELP, NOTICES } from './help';
import { buildRequest } from './request';
import { flatten, play, Tape } from '../../sockets-view/tape';
import { renderTransfer, type Sink } from './transfer';
import { parseUrl } from './url';
import { curlAt, type Curl } from './versions';
import { writeOut } from './writeout';

export { curlAt, CURL_7_88, CURL_8_14, CURL_8_5 } from './versions';
export { parseCurlArgs } from './args';

/** A transfer longer than this plays out over time instead of returning at once. */
const PLAY_FROM_MS = 1000;

function sinkFor(o: CurlOptions, index: number, ctx: CommandContext): Sink {
	const path = o.outputs[index];
	if (path === undefined || path === '-') return { kind: 'stdout' };
	if (path === '/dev/null') return { kind: 'null', path };
	const full = resolvePath(ctx.cwd, path);
	const dir = ctx.fs.stat(dirnameOf(full));
	if (isFsError(dir)) return { kind: 'file', path, openError: STRERROR[dir] };
	if (dir.type !== 'dir') return { kind: 'file', path, openError: STRERROR.ENOTDIR };
	const self = ctx.fs.stat(full);
	if (!isFsError(self) && self.type === 'dir') return { kind: 'file', path, openError: STRERROR.EISDIR };
	return { kind: 'file', path };
}

function runCurl(handle: WorldHandle, curl: Curl, o: CurlOptions, ctx: CommandContext, tap: Tap | undefined): Outcome {
	const d = curl.dialect;
	const notices = NOTICES[ctx.lang];
	const tape = new Tape();
	const proc = runTransient(handle, 'curl', ['curl', ...o.urls], true);
	handle.world = proc.world;
	const now = handle.now();
	let exitCode = 0;
	o.urls.forEach((typed, index) => {
		const parsed = parseUrl(typed, d);
		if (!parsed.ok) {
			if (!parsed.simulated) tape.err(notices.scheme(parsed.message));
			else if (!o.silent || o.showError) tape.err(`curl: (${parsed.code}) ${parsed.message}\n`);
			exitCode = parsed.simulated ? parsed.code : 1;
			return;
		}
		const req = buildRequest(parsed.url, o, curl.version);
		if (req.note !== undefined) tape.err(req.note);
		const driven = driveTransfer(handle.world, { at: handle.location, pid: proc.process.pid, now, random: () => handle.random(), ...(tap !== undefined ? { tap } : {}) }, parsed.url, typed, index, o, d, req);
		handle.world = driven.world;
		const sink = sinkFor(o, index, ctx);
		const r = renderTransfer(driven.transfer, { dialect: d, options: o, sink, stdoutIsTerminal: ctx.stdoutIsTerminal, unmodelled: notices.unmodelled }, tape);
		if (sink.kind === 'file' && sink.openError === undefined && r.exitCode === 0) ctx.fs.write(resolvePath(ctx.cwd, sink.path ?? ''), r.file, false);
		if (o.writeOut !== undefined) {
			const w = writeOut(o.writeOut, { values: r.vars, headers: r.responseHeaders });
			tape.out(w.stdout);
			tape.err(w.stderr);
			for (const name of w.unfilled) tape.err(notices.option(`-w %{${name}}`));
		}
		exitCode = r.exitCode;
	});
	handle.world = exitProcess(handle.world, proc.process.pid);
	return tape.now >= PLAY_FROM_MS ? play(tape, exitCode) : flatten(tape, exitCode);
}

/** What the lab may attach to the traffic curl makes: a tap for the namespaces' capture feeds. */
export interface TrafficHooks {
	readonly tap?: Tap;
}

/** `curl` in the shell of a world location. */
export function curlCommand(handle: WorldHandle): CommandSpec {
	return curlCommandWith(handle, {});
}

/** `curl` whose packets also go to `hooks.tap` (the lab publishes them to tcpdump's feeds). */
export function curlCommandWith(handle: WorldHandle, hooks: TrafficHooks): CommandSpec {
	return {
		name: 'curl',
		path: '/usr/bin/curl',
		help: CURL_HELP,
		run(args, ctx): Outcome {
			const curl = curlAt(handle.world, handle.location);
			const parsed = parseCurlArgs(args, curl.dialect, curl.version.startsWith('7.'));
			const notices = NOTICES[ctx.lang];
			switch (parsed.kind) {
				case 'exit':
					return { stdout: '', stderr: parsed.stderr, exitCode: parsed.exitCode };
				case 'help':
					return parsed.category === undefined ? { stdout: curl.help, stderr: '', exitCode: 0 } : { stdout: '', stderr: notices.help(parsed.category), exitCode: 1 };
				case 'version':
					return { stdout: curl.versionText, stderr: '', exitCode: 0 };
				case 'unsimulated':
					return { stdout: '', stderr: notices.option(parsed.option), exitCode: 1 };
				case 'run':
					return runCurl(handle, curl, parsed.options, ctx, hooks.tap);
			}
		},
	};
}
