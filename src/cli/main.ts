// `npx sidecar-lab`: the Node adapter of the lab. It reads files and standard input, writes what
// the in-browser terminal would print, and never adds colour when stdout is not a terminal.
// This is the only place in src/ that touches Node's APIs.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseCliArgs, USAGE } from './args';
import { createRulesLab } from '../lab/rules-lab';
import type { Shell } from '../shell';

export interface CliIo {
	readonly stdin: Readable & { isTTY?: boolean };
	readonly stdout: Writable & { isTTY?: boolean };
	readonly stderr: Writable;
}

function runLine(shell: Shell, line: string, io: CliIo): { exit: boolean; status: number } {
	const result = shell.run(line);
	for (const event of result.output) (event.fd === 2 ? io.stderr : io.stdout).write(event.text);
	if (result.control === 'clear' && io.stdout.isTTY) io.stdout.write('\x1b[H\x1b[2J');
	return { exit: result.control === 'exit', status: result.exitCode };
}

async function readAll(stream: Readable): Promise<string> {
	let text = '';
	for await (const chunk of stream) text += String(chunk);
	return text;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
	const parsed = parseCliArgs(argv);
	if (!parsed.ok) {
		io.stderr.write(`sidecar-lab: ${parsed.error}\nTry 'sidecar-lab --help' for more information.\n`);
		return 2;
	}
	const opts = parsed.options;
	if (opts.help) {
		io.stdout.write(USAGE);
		return 0;
	}
	if (opts.scenario !== undefined || opts.at !== undefined) {
		io.stderr.write('sidecar-lab: scenarios are not available in this build; use --rules FILE\n');
		return 2;
	}
	let rules: string | undefined;
	if (opts.rules !== undefined) {
		try {
			rules = readFileSync(opts.rules, 'utf8');
		} catch (error) {
			io.stderr.write(`sidecar-lab: cannot read ${opts.rules}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
			return 2;
		}
	}
	const created = createRulesLab({ ...(rules !== undefined ? { rules } : {}), tproxy: opts.tproxy, lang: opts.lang, seed: opts.seed, tty: io.stdout.isTTY === true });
	if (!created.ok) {
		io.stderr.write(`sidecar-lab: ${opts.rules}: the rules do not load:\n${created.error}`);
		return 2;
	}
	const { shell } = created.lab;

	let status = 0;
	if (opts.commands.length > 0) {
		for (const line of opts.commands) {
			const r = runLine(shell, line, io);
			status = r.status;
			if (r.exit) break;
		}
		return status;
	}
	if (!io.stdin.isTTY) {
		for (const line of (await readAll(io.stdin)).split('\n')) {
			if (line.trim() === '') continue;
			const r = runLine(shell, line, io);
			status = r.status;
			if (r.exit) break;
		}
		return status;
	}
	const prompt = 'root@sidecar-pod:~# ';
	const rl = createInterface({ input: io.stdin, output: io.stdout, prompt });
	rl.prompt();
	for await (const line of rl) {
		const r = runLine(shell, line, io);
		status = r.status;
		if (r.exit) break;
		rl.prompt();
	}
	rl.close();
	return status;
}
