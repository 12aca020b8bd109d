// Helpers for commands that run over simulated time or produce without end.

import type { Budget, CommandResult, Outcome, Process } from '../types';
import { isProcess } from '../types';

/** Runs a child to its end at once (xargs' children): time passes instantly, output is bounded. */
export function drain(o: Outcome, budget: Budget, maxBytes: number): CommandResult {
	if (!isProcess(o)) return o;
	let stdout = '';
	let stderr = '';
	for (;;) {
		const s = budget.spend() && stdout.length < maxBytes ? o.advance(Number.POSITIVE_INFINITY) : o.signal('PIPE');
		stdout += s.stdout;
		stderr += s.stderr;
		if (s.exitCode !== undefined) return { stdout, stderr, exitCode: s.exitCode };
		if (budget.exhausted || stdout.length >= maxBytes) {
			const end = o.signal('INT');
			return { stdout: stdout + end.stdout, stderr: stderr + end.stderr, exitCode: end.exitCode ?? 130 };
		}
	}
}

/** A producer that writes `chunk()` forever (yes) until a signal: PIPE -> 141, INT -> 130. */
export function endless(chunk: () => string): Process {
	return {
		kind: 'process',
		advance: () => ({ stdout: chunk(), stderr: '', elapsedMs: 0 }),
		signal: (sig) => ({ stdout: '', stderr: '', elapsedMs: 0, exitCode: sig === 'PIPE' ? 141 : 130 }),
	};
}

/** A producer of a finite text in chunks (seq 1 1000000 | head -n 3 stops it early). */
export function chunked(next: () => string | undefined): Process {
	return {
		kind: 'process',
		advance: () => {
			const text = next();
			return text === undefined ? { stdout: '', stderr: '', elapsedMs: 0, exitCode: 0 } : { stdout: text, stderr: '', elapsedMs: 0 };
		},
		signal: (sig) => ({ stdout: '', stderr: '', elapsedMs: 0, exitCode: sig === 'PIPE' ? 141 : 130 }),
	};
}

const SIGNO = { HUP: 1, INT: 2, TERM: 15 } as const;

/** Waits `ms` of simulated time, then ends with `exitCode`; Ctrl-C ends it with 130. */
export function waiting(ms: number, exitCode = 0): Process {
	let left = ms;
	return {
		kind: 'process',
		advance: (granted) => {
			if (granted >= left) {
				const used = left;
				left = 0;
				return { stdout: '', stderr: '', elapsedMs: used, exitCode };
			}
			left -= granted;
			return { stdout: '', stderr: '', elapsedMs: granted };
		},
		// sleep writes nothing, so a closed pipe does not end it; INT, TERM and HUP kill it.
		signal: (sig) => (sig === 'PIPE' ? { stdout: '', stderr: '', elapsedMs: 0 } : { stdout: '', stderr: '', elapsedMs: 0, exitCode: 128 + SIGNO[sig] }),
	};
}
