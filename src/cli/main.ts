// `npx sidecar-lab`: the Node adapter of the lab. It reads files and standard input, writes what
// the in-browser terminal would print, and never adds colour when stdout is not a terminal.
// This is the only place in src/ that touches Node's APIs.
//
// Without --rules it runs a scenario's world (bookinfo unless --scenario names another, by id
// under content/scenarios or by folder), starting on the node or where --at says.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseCliArgs, USAGE } from './args';
import { findScenarios } from './scenario-files';
import { createRulesLab } from '../lab/rules-lab';
import { createWorldLab } from '../lab/world-lab';
import type { LineResult, OutputEvent } from '../shell';

export interface CliIo {
	readonly stdin: Readable & { isTTY?: boolean };
	readonly stdout: Writable & { isTTY?: boolean; columns?: number };
	readonly stderr: Writable;
}

/** What the CLI drives: the rules lab's Shell or the world lab's WorldShell. */
interface Session {
	run(line: string): LineResult;
	prompt(): string;
	/** The input has ended: background jobs get SIGHUP, as when a terminal closes. */
	hangUp(): readonly OutputEvent[];
}

/** Background jobs still running when the input ends are hung up; what they write last is shown. */
function hangUp(session: Session, io: CliIo): void {
	for (const event of session.hangUp()) (event.fd === 2 ? io.stderr : io.stdout).write(event.text);
}

function runLine(session: Session, line: string, io: CliIo): { exit: boolean; status: number } {
	const result = session.run(line);
	for (const event of result.output) (event.fd === 2 ? io.stderr : io.stdout).write(event.text);
	if (result.control === 'clear' && io.stdout.isTTY) io.stdout.write('\x1b[H\x1b[2J');
	return { exit: result.control === 'exit', status: result.exitCode };
}

async function readAll(stream: Readable): Promise<string> {
	let text = '';
	for await (const chunk of stream) text += String(chunk);
	return text;
}

type Made = { ok: true; session: Session } | { ok: false; code: number };

function makeSession(opts: ReturnType<typeof parseCliArgs> & { ok: true }, io: CliIo): Made {
	const o = opts.options;
	const tty = io.stdout.isTTY === true;
	if (o.rules !== undefined) {
		let rules: string;
		try {
			rules = readFileSync(o.rules, 'utf8');
		} catch (error) {
			io.stderr.write(`sidecar-lab: cannot read ${o.rules}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
			return { ok: false, code: 2 };
		}
		const created = createRulesLab({ rules, tproxy: o.tproxy, lang: o.lang, seed: o.seed, tty });
		if (!created.ok) {
			io.stderr.write(`sidecar-lab: ${o.rules}: the rules do not load:\n${created.error}`);
			return { ok: false, code: 2 };
		}
		const shell = created.lab.shell;
		return { ok: true, session: { run: (l) => shell.run(l), prompt: () => 'root@sidecar-pod:~# ', hangUp: () => shell.hangUp() } };
	}
	const found = findScenarios(o.scenario ?? 'bookinfo', import.meta.url);
	if (!found.ok) {
		io.stderr.write(`sidecar-lab: --scenario ${o.scenario ?? 'bookinfo'}: ${found.error}\n`);
		return { ok: false, code: 2 };
	}
	const made = createWorldLab({ files: found.files, scenario: found.id, ...(o.at !== undefined ? { at: o.at } : {}), lang: o.lang, seed: o.seed, tty, columns: io.stdout.columns ?? 80 });
	if (!made.ok) {
		io.stderr.write(`sidecar-lab: ${made.error}\n`);
		return { ok: false, code: 2 };
	}
	const shell = made.lab.shell;
	return { ok: true, session: shell };
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
	const parsed = parseCliArgs(argv);
	if (!parsed.ok) {
		io.stderr.write(`sidecar-lab: ${parsed.error}\nTry 'sidecar-lab --help' for more information.\n`);
		return 2;
	}
	if (parsed.options.help) {
		io.stdout.write(USAGE);
		return 0;
	}
	const made = makeSession(parsed, io);
	if (!made.ok) return made.code;
	const session = made.session;
	const opts = parsed.options;

	let status = 0;
	if (opts.commands.length > 0) {
		for (const line of opts.commands) {
			const r = runLine(session, line, io);
			status = r.status;
			if (r.exit) break;
		}
		hangUp(session, io);
		return status;
	}
	if (!io.stdin.isTTY) {
		for (const line of (await readAll(io.stdin)).split('\n')) {
			if (line.trim() === '') continue;
			const r = runLine(session, line, io);
			status = r.status;
			if (r.exit) break;
		}
		hangUp(session, io);
		return status;
	}
	const rl = createInterface({ input: io.stdin, output: io.stdout, prompt: session.prompt() });
	rl.prompt();
	for await (const line of rl) {
		const r = runLine(session, line, io);
		status = r.status;
		if (r.exit) break;
		rl.setPrompt(session.prompt());
		rl.prompt();
	}
	rl.close();
	hangUp(session, io);
	return status;
}
