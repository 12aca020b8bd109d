// Time for the terminal: typing a `?run=` command visibly and letting a long-running job (ping,
// sleep, tcpdump) have the time that passes. The page uses the browser's timers; tests and
// benchmarks use ManualScheduler, which only moves when told to.

import type { Scheduler } from './types';

/** setTimeout and performance.now (or Date.now where there is no performance clock). */
export function timerScheduler(): Scheduler {
	const clock = globalThis.performance ?? Date;
	return {
		now: () => clock.now(),
		schedule: (ms, fn) => {
			const id = globalThis.setTimeout(fn, Math.max(0, ms));
			return () => globalThis.clearTimeout(id);
		},
	};
}

interface Timer {
	readonly due: number;
	readonly seq: number;
	readonly fn: () => void;
}

/** A clock that stands still until `advance`; timers fire in due order, ties in the order set. */
export class ManualScheduler implements Scheduler {
	private time = 0;
	private seq = 0;
	private timers: Timer[] = [];

	now(): number {
		return this.time;
	}

	schedule(ms: number, fn: () => void): () => void {
		const timer = { due: this.time + Math.max(0, ms), seq: this.seq++, fn };
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter((t) => t !== timer);
		};
	}

	get pending(): number {
		return this.timers.length;
	}

	/** Lets `ms` pass, firing every timer that falls due, including ones set while firing. */
	advance(ms: number): void {
		const until = this.time + ms;
		for (;;) {
			const next = this.nextDue();
			if (next === undefined || next.due > until) break;
			this.timers = this.timers.filter((t) => t !== next);
			this.time = next.due;
			next.fn();
		}
		this.time = until;
	}

	/** Fires timers until none is left (at most `limit`, so a job that never ends cannot hang a test). */
	runAll(limit = 10_000): void {
		for (let i = 0; i < limit; i++) {
			const next = this.nextDue();
			if (next === undefined) return;
			this.advance(next.due - this.time);
		}
	}

	private nextDue(): Timer | undefined {
		let best: Timer | undefined;
		for (const t of this.timers) if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
		return best;
	}
}

/**
 * Types `text` one character every `delayMs` (the first after `delayMs` too), then calls `done`
 * after `finalDelayMs`. Returns a function that stops it wherever it is.
 */
export function typeSlowly(scheduler: Scheduler, text: string, delayMs: number, finalDelayMs: number, each: (ch: string) => void, done: () => void): () => void {
	const chars = [...text];
	let i = 0;
	let cancel: () => void = () => {};
	const next = (): void => {
		const ch = chars[i++];
		if (ch === undefined) {
			cancel = scheduler.schedule(finalDelayMs, done);
			return;
		}
		each(ch);
		cancel = i < chars.length ? scheduler.schedule(delayMs, next) : scheduler.schedule(finalDelayMs, done);
	};
	cancel = scheduler.schedule(delayMs, next);
	return () => cancel();
}
