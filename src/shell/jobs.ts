// Background jobs of the interactive shell: `tcpdump -i eth0 -n -c 4 &` starts a job and the
// shell takes the next line at once, as bash does. A job is its own subshell (a copy of the
// shell's state) running as a generator like any line; here it is wrapped as a Process, so the
// session can give it time along with the foreground line, `fg` can run it in the foreground and
// `kill %1` can signal it.
//
// What the terminal shows is bash 5.2's, recorded in an interactive bash:
//   start:   `[1] 4711` on stderr
//   end:     `[1]+  Done                    sleep 1` on stderr, before the next prompt (`Exit 3`,
//            `Terminated`, `Hangup`, `Killed`); the status is padded to 24 columns
//   jobs:    `[1]+  Running                 sleep 5 &` on stdout; `+` marks the current job (the
//            newest), `-` the previous one
// Job numbers start again at 1 once every job has ended.

import type { Grant, Run } from './expand';
import type { OutputEvent, Screen } from './io';
import { t } from './messages';
import type { Budget, JobControl, JobSignal, Lang, Process, ProcessStep } from './types';

/** A step budget that each grant of time renews: a job that runs for hours still has bounded steps per grant. */
export class RenewableBudget implements Budget {
	private used = 0;
	constructor(private readonly max: number) {}
	renew(): void {
		this.used = 0;
	}
	spend(n = 1): boolean {
		this.used += n;
		return this.used <= this.max;
	}
	get exhausted(): boolean {
		return this.used > this.max;
	}
}

interface Job {
	readonly id: number;
	readonly pid: number;
	readonly text: string;
	readonly proc: Process;
	/** Set once the job has ended. */
	status?: number;
	/** The signal `kill` sent, to name a death by it. */
	sent?: JobSignal;
	/**
	 * Whether a prompt has been shown since the job started: bash reports a job's end before a
	 * prompt, and the line that started a job ends before the job has had time to.
	 */
	prompted?: boolean;
}

const SIGNAL_NUMBER: Readonly<Record<JobSignal, number>> = { HUP: 1, INT: 2, KILL: 9, TERM: 15 };
const DEATH: Readonly<Record<JobSignal, string>> = { HUP: 'Hangup', INT: 'Interrupt', KILL: 'Killed', TERM: 'Terminated' };

/** bash's word for how a job ended. */
function statusWord(job: Job): string {
	if (job.status === undefined) return 'Running';
	if (job.sent !== undefined && (job.sent === 'KILL' || job.status === 128 + SIGNAL_NUMBER[job.sent]) && job.sent !== 'INT') return DEATH[job.sent];
	return job.status === 0 ? 'Done' : `Exit ${job.status}`;
}

function stepOutput(s: ProcessStep): OutputEvent[] {
	const out: OutputEvent[] = [];
	if (s.stdout !== '') out.push({ fd: 1, text: s.stdout });
	if (s.stderr !== '') out.push({ fd: 2, text: s.stderr });
	return out;
}

/** Signal names as kill takes them: `-TERM`, `-SIGTERM`, `-15`, `-s TERM`. */
export function parseSignal(spec: string): JobSignal | undefined {
	const name = spec.toUpperCase().replace(/^SIG/, '');
	if (/^\d+$/.test(name)) return (Object.keys(SIGNAL_NUMBER) as JobSignal[]).find((k) => SIGNAL_NUMBER[k] === Number(name));
	return (Object.keys(SIGNAL_NUMBER) as JobSignal[]).find((k) => k === name);
}

export class JobTable implements JobControl {
	private jobs: Job[] = [];
	/** What the jobs wrote since the session last took it. */
	private pending: OutputEvent[] = [];

	constructor(
		private readonly lang: () => Lang,
		/** Called when a job's process has ended (the world removes its process). */
		private readonly ended: (pid: number) => void = () => undefined,
	) {}

	get size(): number {
		return this.jobs.length;
	}

	/** Adds a started job; returns its number. */
	add(proc: Process, text: string, pid: number): number {
		const id = Math.max(0, ...this.jobs.map((j) => j.id)) + 1;
		this.jobs.push({ id, pid, text, proc });
		return id;
	}

	/** Records what a job's step wrote and whether it ended. */
	private take(job: Job, s: ProcessStep): void {
		this.pending.push(...stepOutput(s));
		if (s.exitCode !== undefined && job.status === undefined) {
			job.status = s.exitCode & 255;
			this.ended(job.pid);
		}
	}

	/** Gives every running job `ms` of simulated time; returns what they wrote and whether any ended. */
	poll(ms: number): { output: OutputEvent[]; ended: boolean } {
		let ended = false;
		for (const job of this.jobs) {
			if (job.status !== undefined) continue;
			this.take(job, job.proc.advance(ms));
			if (job.status !== undefined) ended = true;
		}
		return { output: this.pending.splice(0, this.pending.length), ended };
	}

	/** `[1]+  Done  …` for each job that has ended since the last prompt; they leave the table. */
	notices(): OutputEvent[] {
		const marks = this.marks();
		const done = this.jobs.filter((j) => j.status !== undefined && j.prompted === true);
		for (const j of this.jobs) j.prompted = true;
		if (done.length === 0) return [];
		this.jobs = this.jobs.filter((j) => !done.includes(j));
		return [{ fd: 2, text: done.map((j) => `[${j.id}]${marks.get(j.id) ?? ' '}  ${statusWord(j).padEnd(24)}${j.text}\n`).join('') }];
	}

	/** The terminal goes away: every running job gets SIGHUP; returns what they wrote last. */
	hangUp(): OutputEvent[] {
		for (const job of this.jobs) {
			if (job.status !== undefined) continue;
			job.sent = 'HUP';
			this.take(job, job.proc.signal('HUP'));
			// A job that outlives SIGHUP is gone with its terminal all the same.
			if (job.status === undefined) {
				job.status = 128 + SIGNAL_NUMBER.HUP;
				this.ended(job.pid);
			}
		}
		this.jobs = [];
		return this.pending.splice(0, this.pending.length);
	}

	/** `+` for the current job (the newest), `-` for the one before. */
	private marks(): Map<number, string> {
		const m = new Map<number, string>();
		const last = this.jobs.at(-1);
		const previous = this.jobs.at(-2);
		if (last !== undefined) m.set(last.id, '+');
		if (previous !== undefined) m.set(previous.id, '-');
		return m;
	}

	private find(spec: string | undefined): Job | undefined {
		if (spec === undefined || spec === '%' || spec === '%%' || spec === '%+') return this.jobs.at(-1);
		if (spec === '%-') return this.jobs.at(-2);
		const n = /^%?(\d+)$/.exec(spec);
		if (n !== null) return this.jobs.find((j) => j.id === Number(n[1]));
		if (spec.startsWith('%?')) return this.jobs.find((j) => j.text.includes(spec.slice(2)));
		if (spec.startsWith('%')) return this.jobs.find((j) => j.text.startsWith(spec.slice(1)));
		return undefined;
	}

	list(): string {
		const marks = this.marks();
		return this.jobs.map((j) => `[${j.id}]${marks.get(j.id) ?? ' '}  ${statusWord(j).padEnd(24)}${j.text}${j.status === undefined ? ' &' : ''}\n`).join('');
	}

	foreground(spec: string | undefined): Process | string {
		const job = this.find(spec);
		if (job === undefined) return `bash: fg: ${spec ?? 'current'}: no such job\n`;
		if (job.status !== undefined) return 'bash: fg: job has terminated\n';
		this.jobs = this.jobs.filter((j) => j !== job);
		let first = true;
		const end = (s: ProcessStep): ProcessStep => {
			if (s.exitCode !== undefined) this.ended(job.pid);
			if (!first) return s;
			first = false;
			return { ...s, stdout: `${job.text}\n${s.stdout}` };
		};
		return { kind: 'process', advance: (ms) => end(job.proc.advance(ms)), signal: (sig) => end(job.proc.signal(sig)) };
	}

	signal(spec: string, sig: JobSignal): string | undefined {
		const job = spec.startsWith('%') ? this.find(spec) : this.jobs.find((j) => String(j.pid) === spec);
		if (job === undefined) {
			if (spec.startsWith('%')) return `bash: kill: ${spec}: no such job\n`;
			if (!/^\d+$/.test(spec)) return `bash: kill: ${spec}: arguments must be process or job IDs\n`;
			return `${t(this.lang(), 'kill.notJob', { pid: spec })}\n`;
		}
		if (job.status !== undefined) return undefined;
		job.sent = sig;
		if (sig === 'KILL') {
			// SIGKILL cannot be caught: nothing more is written (the process is told its reader is gone).
			job.proc.signal('PIPE');
			job.status = 128 + SIGNAL_NUMBER.KILL;
			this.ended(job.pid);
			return undefined;
		}
		this.take(job, job.proc.signal(sig));
		return undefined;
	}

	wait(specs: readonly string[]): Process {
		const targets: Job[] = specs.length === 0 ? [...this.jobs] : [];
		let errors = '';
		let last: Job | undefined;
		for (const spec of specs) {
			const job = spec.startsWith('%') ? this.find(spec) : this.jobs.find((j) => String(j.pid) === spec);
			last = job;
			if (job !== undefined) targets.push(job);
			else {
				errors += spec.startsWith('%') ? `bash: wait: ${spec}: no such job\n` : /^\d+$/.test(spec) ? `bash: wait: pid ${spec} is not a child of this shell\n` : `bash: wait: \`${spec}': not a pid or valid job spec\n`;
			}
		}
		const finished = (): ProcessStep | undefined => {
			if (!targets.every((j) => j.status !== undefined)) return undefined;
			// Without operands wait returns 0; with some, the last one's status (127 if it is no job).
			const code = specs.length === 0 ? 0 : last === undefined ? 127 : (last.status ?? 0);
			this.jobs = this.jobs.filter((j) => !targets.includes(j));
			const out = { stdout: '', stderr: errors, elapsedMs: 0, exitCode: code };
			errors = '';
			return out;
		};
		return {
			kind: 'process',
			advance: (ms) => finished() ?? { stdout: '', stderr: '', elapsedMs: ms },
			// Ctrl-C interrupts the wait, not the jobs (they are not in the terminal's foreground).
			signal: () => finished() ?? { stdout: '', stderr: errors, elapsedMs: 0, exitCode: 130 },
		};
	}
}

/**
 * A job's generator as a Process: each grant of time runs it to its next wait; what it wrote to
 * its own screen comes back as the step's output. `budget` is renewed at each grant.
 */
export function generatorProcess(gen: Run<number>, screen: Screen, budget: RenewableBudget): Process {
	let started = false;
	let exitCode: number | undefined;
	const step = (grant: Grant): ProcessStep => {
		if (exitCode !== undefined) return { stdout: '', stderr: '', elapsedMs: 0, exitCode };
		budget.renew();
		let r = started ? gen.next(grant) : gen.next();
		if (!started) {
			started = true;
			if (!r.done && !('ms' in grant && grant.ms === 0)) r = gen.next(grant);
		}
		if (r.done) exitCode = r.value & 255;
		const events = screen.drain();
		const text = (fd: 1 | 2): string => events.filter((e) => e.fd === fd).map((e) => e.text).join('');
		return { stdout: text(1), stderr: text(2), elapsedMs: 'ms' in grant ? grant.ms : 0, ...(exitCode !== undefined ? { exitCode } : {}) };
	};
	return {
		kind: 'process',
		advance: (ms) => step({ ms }),
		signal: (sig) => step(sig === 'INT' ? { interrupt: true } : { signal: sig === 'PIPE' ? 'HUP' : sig }),
	};
}
