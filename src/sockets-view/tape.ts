// What a command writes over simulated time: pieces of stdout and stderr, each at a moment after
// the start, played back by a Process (the terminal sees a hanging connect hang, Ctrl-C stops
// it) or all at once (tests, scripts, pipelines).

import type { CommandResult, Process, ProcessStep } from '../shell/types';

export interface Piece {
	readonly at: number;
	readonly stdout: string;
	readonly stderr: string;
}

export class Tape {
	readonly pieces: Piece[] = [];
	/** Where the writing is, in milliseconds after the start. */
	now = 0;

	out(text: string): void {
		if (text !== '') this.pieces.push({ at: this.now, stdout: text, stderr: '' });
	}

	err(text: string): void {
		if (text !== '') this.pieces.push({ at: this.now, stdout: '', stderr: text });
	}

	/** Moves the time forward (never back). */
	wait(ms: number): void {
		this.now += Math.max(0, ms);
	}

	/** Everything after `other`, shifted by this tape's current time. */
	append(other: Tape): void {
		for (const p of other.pieces) this.pieces.push({ ...p, at: p.at + this.now });
		this.now += other.now;
	}
}

export function flatten(t: Tape, exitCode: number): CommandResult {
	return { stdout: t.pieces.map((p) => p.stdout).join(''), stderr: t.pieces.map((p) => p.stderr).join(''), exitCode };
}

/**
 * The tape played as a process: each grant of time releases what was written by then; the end
 * comes at the tape's last moment. Ctrl-C ends it with 130 (curl's `^C` leaves its meter line as is).
 */
export function play(t: Tape, exitCode: number): Process {
	let clock = 0;
	let next = 0;
	let done = false;
	const take = (until: number): { stdout: string; stderr: string } => {
		let stdout = '';
		let stderr = '';
		while (next < t.pieces.length && (t.pieces[next]?.at ?? 0) <= until) {
			const p = t.pieces[next++];
			stdout += p?.stdout ?? '';
			stderr += p?.stderr ?? '';
		}
		return { stdout, stderr };
	};
	return {
		kind: 'process',
		advance(ms: number): ProcessStep {
			if (done) return { stdout: '', stderr: '', elapsedMs: 0, exitCode };
			const left = t.now - clock;
			if (ms >= left) {
				clock = t.now;
				done = true;
				return { ...take(Number.POSITIVE_INFINITY), elapsedMs: left, exitCode };
			}
			clock += ms;
			return { ...take(clock), elapsedMs: ms };
		},
		signal(sig): ProcessStep {
			if (done) return { stdout: '', stderr: '', elapsedMs: 0, exitCode };
			done = true;
			return { stdout: '', stderr: '', elapsedMs: 0, exitCode: sig === 'PIPE' ? 141 : 130 };
		},
	};
}
