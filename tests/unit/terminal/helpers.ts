// Test doubles for the terminal: an Output that records, a Map-backed storage, and a LabSession
// with a handful of commands whose timing and output are known exactly.

import type { Job, JobStep, LineResult, OutputEvent } from '../../../src/shell';
import type { Completion, KeyValueStorage, LabSession, Output } from '../../../src/terminal';

export class Recorder implements Output {
	readonly writes: string[] = [];
	private taken = 0;
	write(data: string): void {
		this.writes.push(data);
	}
	get all(): string {
		return this.writes.join('');
	}
	/** Everything written since the previous take. */
	take(): string {
		const s = this.writes.slice(this.taken).join('');
		this.taken = this.writes.length;
		return s;
	}
}

export class MemoryStorage implements KeyValueStorage {
	readonly map = new Map<string, string>();
	failWrites = false;
	failReads = false;
	getItem(key: string): string | null {
		if (this.failReads) throw new Error('SecurityError');
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		if (this.failWrites) throw new Error('QuotaExceededError');
		this.map.set(key, value);
	}
}

const out = (text: string, fd: 1 | 2 = 1): OutputEvent[] => (text === '' ? [] : [{ fd, text }]);

/** A Job that produces `chunks` at the given simulated times, and `onInt` on Ctrl-C. */
function timedJob(chunks: readonly { at: number; text: string }[], end: number | undefined, onInt: { text: string; exitCode: number }): Job {
	let clock = 0;
	let next = 0;
	let done = false;
	return {
		get done() {
			return done;
		},
		advance(ms: number): JobStep {
			if (done) return { output: [], done: true, exitCode: 0 };
			clock += ms;
			let text = '';
			while (next < chunks.length && (chunks[next] as { at: number }).at <= clock) text += (chunks[next++] as { text: string }).text;
			if (end !== undefined && clock >= end) {
				done = true;
				return { output: out(text), done: true, exitCode: 0 };
			}
			return { output: out(text), done: false };
		},
		interrupt(): JobStep {
			done = true;
			return { output: out(onInt.text), done: true, exitCode: onInt.exitCode };
		},
	};
}

function finished(output: OutputEvent[], exitCode: number, control?: 'clear' | 'exit'): Job {
	let sent = false;
	const step = (): JobStep => {
		const o = sent ? [] : output;
		sent = true;
		return control === undefined ? { output: o, done: true, exitCode } : { output: o, done: true, exitCode, control };
	};
	return { done: true, advance: step, interrupt: step };
}

export const FAKE_COMMANDS = ['cd', 'clear', 'crash', 'echo', 'evil', 'exit', 'fail', 'iptables', 'ip', 'ls', 'ping', 'printf', 'sleep'];
const IPTABLES_WORDS = ['-t', '-S', '-L', '--list', '--line-numbers', 'ISTIO_INBOUND', 'ISTIO_OUTPUT', 'ISTIO_REDIRECT', 'ISTIO_IN_REDIRECT'];
const FILES = ['/etc/hosts', '/etc/passwd', '/etc/pam.d/', '/etc/resolv.conf'];

/**
 * echo, printf (no newline), sleep N (seconds), ping (one line a second until Ctrl-C), cd,
 * clear, exit, fail (stderr), crash (throws): enough to drive every path of the controller.
 */
export class FakeSession implements LabSession {
	cwd = '~';
	resets = 0;
	readonly started: string[] = [];
	completions = 0;

	prompt(): string {
		return `root@kind-worker:${this.cwd}# `;
	}

	reset(): void {
		this.resets++;
		this.cwd = '~';
	}

	start(line: string): Job {
		this.started.push(line);
		const [cmd = '', ...args] = line.trim().split(/\s+/);
		switch (cmd) {
			case '':
				return finished([], 0);
			case 'echo':
				return finished(out(`${args.join(' ')}\n`), 0);
			case 'printf':
				return finished(out(args.join(' ').replace(/\\n/g, '\n').replace(/\\e/g, '\x1b')), 0);
			case 'sleep':
				return timedJob([], Number(args[0] ?? 0) * 1000, { text: '', exitCode: 130 });
			case 'ping': {
				const chunks = Array.from({ length: 50 }, (_, i) => ({ at: i * 1000, text: `64 bytes from 10.0.0.1: icmp_seq=${i + 1}\n` }));
				return timedJob(chunks, undefined, { text: '\n--- 10.0.0.1 ping statistics ---\n', exitCode: 0 });
			}
			case 'cd':
				this.cwd = args[0] ?? '~';
				return finished([], 0);
			case 'clear':
				return finished([], 0, 'clear');
			case 'exit':
				return finished(out('exit\n'), 0, 'exit');
			case 'fail':
				return finished(out('fail: boom\n', 2), 1);
			case 'evil':
				return finished(out('\x1b]52;c;ZXZpbA==\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x1b[31mred\x1b[0m\x1bc\n'), 0);
			case 'crash':
				throw new Error('broken invariant: no such socket');
			default:
				return finished(out(`bash: ${cmd}: command not found\n`, 2), 127);
		}
	}

	run(line: string): LineResult {
		const job = this.start(line);
		const output: OutputEvent[] = [];
		let step = job.advance(Number.POSITIVE_INFINITY);
		output.push(...step.output);
		if (!step.done) {
			step = job.interrupt();
			output.push(...step.output);
		}
		const text = (fd: 1 | 2): string => output.filter((e) => e.fd === fd).map((e) => e.text).join('');
		return { stdout: text(1), stderr: text(2), exitCode: step.exitCode ?? 0, output };
	}

	complete(line: string, cursor: number): Completion {
		this.completions++;
		const before = line.slice(0, cursor);
		const from = before.lastIndexOf(' ') + 1;
		const word = before.slice(from);
		const first = before.slice(0, from).trim().split(/\s+/)[0] ?? '';
		if (from === 0) return { from, candidates: FAKE_COMMANDS.filter((c) => c.startsWith(word)) };
		if (word.startsWith('/')) return { from, candidates: FILES.filter((f) => f.startsWith(word)), labels: 'basename' };
		if (first === 'iptables') return { from, candidates: IPTABLES_WORDS.filter((c) => c.startsWith(word)) };
		if (first === 'ls' && word.startsWith('many')) return { from, candidates: Array.from({ length: 120 }, (_, i) => `many${String(i).padStart(3, '0')}`) };
		if (first === 'ls') return { from, candidates: ['说明.txt', '数据.json', 'notes.txt'].filter((c) => c.startsWith(word)) };
		return { from, candidates: [] };
	}
}
