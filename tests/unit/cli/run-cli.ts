// The CLI's own entry, main(), run in-process with in-memory streams: what `npx sidecar-lab ARGS`
// prints, without spawning Node.

import { PassThrough, Writable } from 'node:stream';
import { main } from '../../../src/cli/main';

function sink(): Writable & { text: string } {
	const w = new Writable({
		write(chunk, _enc, done) {
			w.text += String(chunk);
			done();
		},
	}) as Writable & { text: string };
	w.text = '';
	return w;
}

export async function cli(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
	const stdin = new PassThrough();
	stdin.end(input);
	const stdout = sink();
	const stderr = sink();
	const code = await main(args, { stdin, stdout, stderr });
	return { code, stdout: stdout.text, stderr: stderr.text };
}
