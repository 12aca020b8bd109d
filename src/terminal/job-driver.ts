// Drives one running line: the first advance at once (most commands end there), then one advance
// per tick with the time that really passed, until the Job says it is done; a step that names
// what it waits for (`wake`) is advanced again as soon as that settles, without waiting for the
// tick. Ctrl-C sends INT. A throwing Job is a broken invariant of the simulator: the driver stops
// and reports it.

import type { Job, JobStep, OutputEvent } from '../shell';
import type { Scheduler } from './types';

export interface JobHooks {
	output(events: readonly OutputEvent[]): void;
	done(step: JobStep): void;
	failed(err: unknown): void;
}

export class JobDriver {
	private job: Job | undefined;
	private lastTick = 0;
	private cancelTick: (() => void) | undefined;

	constructor(
		private readonly scheduler: Scheduler,
		private readonly tickMs: number,
		private readonly hooks: JobHooks,
	) {}

	get running(): boolean {
		return this.job !== undefined;
	}

	start(job: Job): void {
		this.job = job;
		this.lastTick = this.scheduler.now();
		this.step(job, () => job.advance(0));
	}

	/** Ctrl-C: SIGINT to the running command; what it prints on its way out is shown. */
	interrupt(): void {
		const job = this.job;
		if (job === undefined) return;
		this.cancel();
		this.step(job, () => job.interrupt());
	}

	/** Reset or dispose: the job is interrupted and nothing it says is shown. */
	stop(): void {
		const job = this.job;
		this.cancel();
		this.job = undefined;
		if (job === undefined || job.done) return;
		try {
			job.interrupt();
		} catch {
			// The lab is going away; a failing interrupt changes nothing.
		}
	}

	private cancel(): void {
		this.cancelTick?.();
		this.cancelTick = undefined;
	}

	private step(job: Job, advance: () => JobStep): void {
		let s: JobStep;
		try {
			s = advance();
		} catch (err) {
			this.cancel();
			this.job = undefined;
			this.hooks.failed(err);
			return;
		}
		this.hooks.output(s.output);
		if (s.done) {
			this.job = undefined;
			this.hooks.done(s);
			return;
		}
		const tick = (): void => {
			this.cancelTick = undefined;
			if (this.job !== job) return;
			const now = this.scheduler.now();
			const elapsed = Math.max(0, now - this.lastTick);
			this.lastTick = now;
			this.step(job, () => job.advance(elapsed));
		};
		const cancel = this.scheduler.schedule(this.tickMs, tick);
		this.cancelTick = cancel;
		if (s.wake === undefined) return;
		// Early, but only if this very tick is still the one pending (no Ctrl-C, no later step).
		const early = (): void => {
			if (this.cancelTick !== cancel) return;
			cancel();
			tick();
		};
		s.wake.then(early, early);
	}
}
