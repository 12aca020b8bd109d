// Background jobs as an interactive bash 5.2 runs them (recorded with `script -c 'bash -i'`):
// `[1] PID` when one starts, `[1]+  Done …` before the prompt after it ended, `jobs`, `fg`,
// `kill %N`, `wait`. A job keeps running while later lines run, so a capture started with `&`
// sees what the next line does: here `listen` prints what `say` publishes, as tcpdump prints the
// packets curl makes.

import { describe, expect, it } from 'vitest';
import { MemoryFs, type CommandSpec, type Process, Registry, Shell } from '../../../src/shell';
import { standardRegistry } from '../../../src/shell/commands';

/** `listen [-c N]`: prints each word `say` publishes; ends after N, or on a signal with a summary. */
function pubsub(): CommandSpec[] {
	const listeners = new Set<(w: string) => void>();
	const listen: CommandSpec = {
		name: 'listen',
		help: { summary: { en: 'print what say publishes', zh: '打印 say 发布的内容' } },
		run(args): Process {
			const limit = args[0] === '-c' ? Number(args[1]) : Number.POSITIVE_INFINITY;
			let out = '';
			let heard = 0;
			let ended: number | undefined;
			const hear = (w: string): void => {
				if (ended !== undefined) return;
				out += `heard ${w}\n`;
				if (++heard >= limit) end();
			};
			const end = (): void => {
				ended = 0;
				listeners.delete(hear);
				out += `${heard} heard\n`;
			};
			listeners.add(hear);
			const flush = (ms: number) => {
				const s = { stdout: out, stderr: '', elapsedMs: ms, ...(ended !== undefined ? { exitCode: ended } : {}) };
				out = '';
				return s;
			};
			return {
				kind: 'process',
				advance: (ms) => flush(ms),
				signal: () => {
					if (ended === undefined) end();
					return flush(0);
				},
			};
		},
	};
	const say: CommandSpec = {
		name: 'say',
		help: { summary: { en: 'publish words', zh: '发布单词' } },
		run(args) {
			for (const a of args) for (const l of [...listeners]) l(a);
			return { stdout: 'said\n', stderr: '', exitCode: 0 };
		},
	};
	return [listen, say];
}

function shell(): Shell {
	const registry: Registry = standardRegistry();
	for (const c of pubsub()) registry.register(c);
	return new Shell({ registry, fs: new MemoryFs(), pid: 100 });
}

/** Each line's output in the order written, stdout and stderr marked. */
function session(lines: readonly string[]): string[] {
	const sh = shell();
	return lines.map((l) => sh.run(l).output.map((e) => (e.fd === 2 ? `!${e.text}` : e.text)).join(''));
}

describe('background jobs', () => {
	it('a job hears what later lines do, and is reported before the prompt once it ends', () => {
		expect(session(['listen -c 2 &', 'say a', 'say b c', 'true'])).toEqual([
			'![1] 101\n',
			'said\nheard a\n',
			'said\nheard b\n2 heard\n![1]+  Done                    listen -c 2\n',
			'',
		]);
	});

	it('jobs lists them with + for the current one and - for the previous; numbers restart at 1', () => {
		expect(session(['sleep 50 &', 'listen &', 'jobs', 'kill %1', 'jobs', 'kill %2', 'jobs', 'sleep 1 &'])).toEqual([
			'![1] 101\n',
			'![2] 102\n',
			'[1]-  Running                 sleep 50 &\n[2]+  Running                 listen &\n',
			'![1]-  Terminated              sleep 50\n',
			'[2]+  Running                 listen &\n',
			'0 heard\n![2]+  Done                    listen\n',
			'',
			'![1] 103\n',
		]);
	});

	it('a job that ends at once is reported at the next prompt, with its status', () => {
		expect(session(['(exit 3) &', 'echo x', 'false & echo y'])).toEqual(['![1] 101\n', 'x\n![1]+  Exit 3                  (exit 3)\n', '![1] 102\ny\n']);
	});

	it('fg brings a job back: its command line, then the job in the foreground until it ends', () => {
		const sh = shell();
		sh.run('listen -c 1 &');
		const job = sh.start('fg');
		const first = job.advance(10);
		expect([first.output, first.done]).toEqual([[{ fd: 1, text: 'listen -c 1\n' }], false]);
		sh.registry.get('say')?.run(['z'], undefined as never);
		const next = job.advance(10);
		expect([next.output, next.done, next.exitCode]).toEqual([[{ fd: 1, text: 'heard z\n1 heard\n' }], true, 0]);
		expect(sh.run('jobs').stdout).toBe('');
	});

	it('fg, kill and wait say what bash says', () => {
		expect(session(['fg', 'fg %3', 'kill %3', 'wait %3', 'echo $?', 'wait 99999', 'kill', 'kill -FOO %1', 'kill -s', 'kill 4242'])).toEqual([
			'!bash: fg: current: no such job\n',
			'!bash: fg: %3: no such job\n',
			'!bash: kill: %3: no such job\n',
			'!bash: wait: %3: no such job\n',
			'127\n',
			'!bash: wait: pid 99999 is not a child of this shell\n',
			'!kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
			'!bash: kill: FOO: invalid signal specification\n',
			'!bash: kill: -s: option requires an argument\n',
			'!bash: kill: 4242: only the jobs of this shell can be signalled in this terminal (see jobs)\n',
		]);
	});

	it('kill -9, -HUP and -INT name the death as bash does', () => {
		expect(session(['sleep 50 &', 'kill -9 %1', 'sleep 50 &', 'kill -HUP %%', 'sleep 50 &', 'kill -s TERM 103'])).toEqual([
			'![1] 101\n',
			'![1]+  Killed                  sleep 50\n',
			'![1] 102\n',
			'![1]+  Hangup                  sleep 50\n',
			'![1] 103\n',
			'![1]+  Terminated              sleep 50\n',
		]);
	});

	it('wait lets the jobs run to their end; a job that never ends leaves a script stopped as Ctrl-C would', () => {
		expect(session(['sleep 5 &', 'sleep 9 &', 'wait', 'echo $?'])).toEqual(['![1] 101\n', '![2] 102\n', '', '0\n']);
		const sh = shell();
		sh.run('listen &');
		const r = sh.run('wait');
		expect([r.output, r.exitCode]).toEqual([[], 130]);
		expect(sh.run('jobs').stdout).toBe('[1]+  Running                 listen &\n');
	});

	it('a foreground command that waits for what no later line can bring is ended as Ctrl-C ends it', () => {
		const sh = shell();
		const r = sh.run('listen; echo after');
		expect([r.stdout, r.exitCode]).toEqual(['0 heard\n', 130]);
	});

	it('the terminal going away hangs up the jobs, which write their last words', () => {
		const sh = shell();
		sh.run('listen &');
		sh.run('say q');
		expect(sh.hangUp()).toEqual([{ fd: 1, text: '1 heard\n' }]);
		expect(sh.jobCount).toBe(0);
	});

	it('a job writes to a redirection of its own, not to the terminal', () => {
		const sh = shell();
		expect(sh.run('listen -c 1 > heard.txt &').stderr).toBe('[1] 101\n');
		expect(sh.run('say w').output).toEqual([{ fd: 1, text: 'said\n' }, { fd: 2, text: '[1]+  Done                    listen -c 1 > heard.txt\n' }]);
		expect(sh.run('cat heard.txt').output).toEqual([{ fd: 1, text: 'heard w\n1 heard\n' }]);
	});
});
