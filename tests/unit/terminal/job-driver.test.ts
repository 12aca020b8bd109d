// The job driver: the first advance at once, then the time that really passed per tick; INT on
// Ctrl-C; a silent stop; a throwing Job reported, not thrown. And typeSlowly, which run buttons use.

import { describe, expect, it } from 'vitest';
import type { Job, JobStep } from '../../../src/shell';
import { JobDriver, ManualScheduler, typeSlowly } from '../../../src/terminal';

/** A Job that records the time it was given and ends once it has had `needs` ms. */
function recordingJob(needs: number, log: string[], opts: { throwAt?: number } = {}): Job {
	let had = 0;
	let done = false;
	return {
		get done() {
			return done;
		},
		advance(ms: number): JobStep {
			log.push(`advance ${ms}`);
			if (opts.throwAt !== undefined && had + ms >= opts.throwAt) throw new Error('broken');
			had += ms;
			done = had >= needs;
			return done ? { output: [{ fd: 1, text: `after ${had}\n` }], done, exitCode: 0 } : { output: [], done };
		},
		interrupt(): JobStep {
			log.push('interrupt');
			done = true;
			return { output: [{ fd: 1, text: '^C seen\n' }], done, exitCode: 130 };
		},
	};
}

function driver(log: string[]) {
	const scheduler = new ManualScheduler();
	const d = new JobDriver(scheduler, 50, {
		output: (events) => events.forEach((e) => log.push(`out ${e.text.trim()}`)),
		done: (s) => log.push(`done ${s.exitCode}`),
		failed: (err) => log.push(`failed ${(err as Error).message}`),
	});
	return { scheduler, d };
}

describe('JobDriver', () => {
	it('advances with the elapsed time until done', () => {
		const log: string[] = [];
		const { scheduler, d } = driver(log);
		d.start(recordingJob(120, log));
		expect(d.running).toBe(true);
		scheduler.advance(40);
		scheduler.advance(110);
		expect(log).toEqual(['advance 0', 'advance 50', 'advance 50', 'advance 50', 'out after 150', 'done 0']);
		expect(d.running).toBe(false);
		expect(scheduler.pending).toBe(0);
	});

	it('a job done at once never ticks', () => {
		const log: string[] = [];
		const { scheduler, d } = driver(log);
		d.start(recordingJob(0, log));
		expect(log).toEqual(['advance 0', 'out after 0', 'done 0']);
		expect(scheduler.pending).toBe(0);
	});

	it('interrupt sends INT and shows what the job prints', () => {
		const log: string[] = [];
		const { scheduler, d } = driver(log);
		d.start(recordingJob(1000, log));
		scheduler.advance(50);
		d.interrupt();
		scheduler.advance(1000);
		expect(log).toEqual(['advance 0', 'advance 50', 'interrupt', 'out ^C seen', 'done 130']);
	});

	it('stop interrupts silently', () => {
		const log: string[] = [];
		const { scheduler, d } = driver(log);
		d.start(recordingJob(1000, log));
		d.stop();
		scheduler.advance(1000);
		expect(log).toEqual(['advance 0', 'interrupt']);
		expect(d.running).toBe(false);
	});

	it('a throwing job is reported and stops', () => {
		const log: string[] = [];
		const { scheduler, d } = driver(log);
		d.start(recordingJob(1000, log, { throwAt: 100 }));
		scheduler.advance(500);
		expect(log).toEqual(['advance 0', 'advance 50', 'advance 50', 'failed broken']);
		expect(d.running).toBe(false);
		expect(scheduler.pending).toBe(0);
	});

	describe('a step that names what it waits for', () => {
		/** A Job waiting for `wait`, then done at its next advance; it logs each advance. */
		function waitingJob(wait: Promise<void>, log: string[]): Job {
			let over = false;
			let done = false;
			const ready = wait.then(() => {
				over = true;
			});
			return {
				get done() {
					return done;
				},
				advance(ms: number): JobStep {
					log.push(`advance ${ms}`);
					if (!over) return { output: [], done: false, wake: ready };
					done = true;
					return { output: [{ fd: 1, text: 'ran\n' }], done, exitCode: 0 };
				},
				interrupt(): JobStep {
					log.push('interrupt');
					done = true;
					return { output: [], done, exitCode: 130 };
				},
			};
		}
		const settle = () => new Promise((r) => setTimeout(r, 0));

		it('is advanced as soon as that settles, not at the next tick', async () => {
			const log: string[] = [];
			const { scheduler, d } = driver(log);
			let arrive = (): void => {};
			d.start(waitingJob(new Promise<void>((r) => (arrive = r)), log));
			scheduler.advance(20);
			expect(log).toEqual(['advance 0']);
			arrive();
			await settle();
			expect(log).toEqual(['advance 0', 'advance 20', 'out ran', 'done 0']);
			expect(scheduler.pending).toBe(0);
		});

		it('is not advanced after Ctrl-C, nor twice when the tick came first', async () => {
			const log: string[] = [];
			const { scheduler, d } = driver(log);
			let arrive = (): void => {};
			d.start(waitingJob(new Promise<void>((r) => (arrive = r)), log));
			d.interrupt();
			arrive();
			await settle();
			expect(log).toEqual(['advance 0', 'interrupt', 'done 130']);

			const log2: string[] = [];
			const second = driver(log2);
			let arrive2 = (): void => {};
			second.d.start(waitingJob(new Promise<void>((r) => (arrive2 = r)), log2));
			second.scheduler.advance(50);
			second.scheduler.advance(50);
			arrive2();
			await settle();
			// The early wake of a step already ticked past is stale: only the live one counts.
			expect(log2).toEqual(['advance 0', 'advance 50', 'advance 50', 'advance 0', 'out ran', 'done 0']);
			expect(second.scheduler.pending).toBe(0);
		});
	});
});

describe('typeSlowly', () => {
	it('one character per delay, then done after the final delay', () => {
		const scheduler = new ManualScheduler();
		const log: string[] = [];
		typeSlowly(scheduler, 'a中👍', 10, 100, (ch) => log.push(`${scheduler.now()} ${ch}`), () => log.push(`${scheduler.now()} done`));
		scheduler.runAll();
		expect(log).toEqual(['10 a', '20 中', '30 👍', '130 done']);
	});

	it('can be stopped midway', () => {
		const scheduler = new ManualScheduler();
		const log: string[] = [];
		const stop = typeSlowly(scheduler, 'abc', 10, 0, (ch) => log.push(ch), () => log.push('done'));
		scheduler.advance(25);
		stop();
		scheduler.runAll();
		expect(log).toEqual(['a', 'b']);
	});
});
