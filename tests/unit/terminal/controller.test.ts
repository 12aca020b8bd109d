// The terminal controller against the fake session: each case is a script of keys (as xterm sends
// them), simulated time, run buttons and resets, and the exact bytes the terminal received after
// its first prompt. Time only moves when a step says so.

import { describe, expect, it } from 'vitest';
import { History, HISTORY_PREFIX, type Lang, ManualScheduler, type MessageKey, notice, t, TerminalController } from '../../../src/terminal';
import { FakeSession, MemoryStorage, Recorder } from './helpers';
import { Screen } from './screen';

const P = 'root@kind-worker:~# ';
const ON = '\x1b[?2004h';
const CLEAR_ALL = '\x1b[H\x1b[2J\x1b[3J';
const n = (key: MessageKey, lang: Lang = 'en', vars: Record<string, string> = {}): string => notice(t(lang, key, vars));
const UP = '\x1b[A';

type Step =
	| string
	| { readonly advance: number }
	| { readonly all: true }
	| { readonly run: readonly string[]; readonly interrupt?: boolean }
	| { readonly reset: true }
	| { readonly resize: number }
	| { readonly message: MessageKey };

function setup(lang: Lang = 'en', columns = 80) {
	const session = new FakeSession();
	const out = new Recorder();
	const scheduler = new ManualScheduler();
	const storage = new MemoryStorage();
	storage.map.set(`${HISTORY_PREFIX}guide`, JSON.stringify(['iptables -t nat -S', 'ss -tlnp']));
	const history = new History({ key: 'guide', storage });
	const term = new TerminalController({ session, output: out, scheduler, history, lang, columns, typingDelayMs: 10, submitDelayMs: 100, tickMs: 50 });
	const play = (steps: readonly Step[]): void => {
		for (const s of steps) {
			if (typeof s === 'string') term.input(s);
			else if ('advance' in s) scheduler.advance(s.advance);
			else if ('all' in s) scheduler.runAll();
			else if ('run' in s) term.typeAndRun(s.run, { interrupt: s.interrupt === true });
			else if ('reset' in s) term.reset();
			else if ('resize' in s) term.resize(s.resize);
			else term.message(s.message);
		}
	};
	return { term, out, scheduler, session, history, storage, play };
}

interface Case {
	readonly name: string;
	readonly lang?: Lang;
	readonly steps: readonly Step[];
	/** Everything written after the first prompt. */
	readonly out: string;
}

const CASES: readonly Case[] = [
	{ name: 'a command and its output', steps: ['echo hi', '\r'], out: `echo hi\r\nhi\r\n${P}` },
	{ name: 'output without a final newline: the prompt follows it', steps: ['printf abc', '\r', 'x'], out: `printf abc\r\nabc${P}x` },
	{ name: 'stderr is shown in order with stdout', steps: ['fail\r'], out: `fail\r\nfail: boom\r\n${P}` },
	{ name: 'an empty line gives a new prompt', steps: ['\r'], out: `\r\n${P}` },
	{ name: 'unknown command', steps: ['kubectl get pods\r'], out: `kubectl get pods\r\nbash: kubectl: command not found\r\n${P}` },
	{ name: 'a long-running line waits for simulated time', steps: ['sleep 2\r', { advance: 1950 }], out: 'sleep 2\r\n' },
	{ name: '… and ends when its time is up', steps: ['sleep 2\r', { advance: 2000 }], out: `sleep 2\r\n${P}` },
	{ name: 'keys typed while a line runs wait for the next prompt', steps: ['sleep 1\r', 'echo next', { advance: 1000 }], out: `sleep 1\r\n${P}echo next` },
	{ name: 'type-ahead Enter runs the next line', steps: ['sleep 1\r', 'echo next\r', { advance: 1000 }], out: `sleep 1\r\n${P}echo next\r\nnext\r\n${P}` },
	{ name: 'Ctrl-C stops a sleep: ^C and a new row', steps: ['sleep 5\r', { advance: 100 }, '\x03'], out: `sleep 5\r\n^C\r\n${P}` },
	{ name: 'Ctrl-C flushes type-ahead (termios without NOFLSH)', steps: ['sleep 5\r', 'ls', '\x03', { advance: 10000 }], out: `sleep 5\r\n^C\r\n${P}` },
	{
		name: 'ping streams until Ctrl-C, then prints its statistics',
		steps: ['ping\r', { advance: 2000 }, '\x03'],
		out: `ping\r\n64 bytes from 10.0.0.1: icmp_seq=1\r\n64 bytes from 10.0.0.1: icmp_seq=2\r\n64 bytes from 10.0.0.1: icmp_seq=3\r\n^C\r\n--- 10.0.0.1 ping statistics ---\r\n${P}`,
	},
	{ name: 'Ctrl-C at the prompt', steps: ['ls -l', '\x1b[D\x1b[D', '\x03'], out: `ls -l\x1b[2D\x1b[2C^C\r\n${P}` },
	{ name: 'Ctrl-L clears the screen and keeps the line', steps: ['ls', '\x0c'], out: `ls\x1b[H\x1b[2J${P}ls` },
	{ name: 'clear clears the scrollback too', steps: ['clear\r'], out: `clear\r\n${CLEAR_ALL}${P}` },
	{ name: 'cd changes the prompt', steps: ['cd /tmp\r'], out: 'cd /tmp\r\nroot@kind-worker:/tmp# ' },
	{ name: 'exit ends the shell; only Enter restarts it', steps: ['exit\r', 'ls', '\r'], out: `exit\r\nexit\r\n${n('terminal.exited')}${n('terminal.reset')}${P}` },
	{ name: 'Ctrl-D on an empty line: exit after the prompt, as bash', steps: ['\x04'], out: `exit\r\n${n('terminal.exited')}` },
	{ name: 'Ctrl-D with text deletes', steps: ['ab', '\x1b[D', '\x04'], out: 'ab\x1b[D\x1b[J' },
	{ name: 'Tab completes', steps: ['ipt', '\t', '-S'], out: 'iptables -S' },
	{ name: 'Tab with no candidate rings', steps: ['zz', '\t'], out: 'zz\x07' },
	{
		name: 'Tab Tab lists below, then the prompt and line again',
		steps: ['iptables -L ISTIO_', '\t', '\t'],
		out: `iptables -L ISTIO_\x07\r\nISTIO_INBOUND      ISTIO_IN_REDIRECT  ISTIO_OUTPUT       ISTIO_REDIRECT\r\n${P}iptables -L ISTIO_`,
	},
	{
		name: 'Tab Tab with 120 candidates asks first',
		steps: ['ls many', '\t', '\t', 'n'],
		out: `ls many\x07\r\nDisplay all 120 possibilities? (y or n)\r\n${P}ls many`,
	},
	{ name: 'Up recalls from the lesson history', steps: [UP], out: 'ss -tlnp' },
	{ name: 'Up, Up, Down', steps: [UP, UP, '\x1b[B'], out: 'ss -tlnp\x1b[8Diptables -t nat -S\x1b[18D\x1b[Jss -tlnp' },
	{ name: 'keys that arrive together are drawn once', steps: ['ls -l\x1b[D\x1b[D\x1b[D'], out: 'ls -l\x1b[3D' },
	{ name: 'Ctrl-R redraws with the search prompt', steps: ['\x12', 'nat'], out: `\x1b[20D(reverse-i-search)\`': \x1b[22D(reverse-i-search)\`nat': iptables -t nat -S\x1b[6D` },
	{ name: 'a simulator error is reported and the terminal goes on', steps: ['crash\r', 'echo ok\r'], out: `crash\r\n${n('terminal.error', 'en', { message: 'broken invariant: no such socket' })}${P}echo ok\r\nok\r\n${P}` },
	{ name: 'typed reset restores the lab', steps: ['reset\r'], out: `reset\r\n${CLEAR_ALL}${n('terminal.reset')}${P}` },
	{ name: 'the Reset button stops a running line', steps: ['ping\r', { advance: 10 }, { reset: true }], out: `ping\r\n64 bytes from 10.0.0.1: icmp_seq=1\r\n${CLEAR_ALL}${n('terminal.reset')}${P}` },
	{
		name: 'dangerous sequences in output never reach xterm',
		steps: ['evil\r'],
		out: `evil\r\nclick \x1b[31mred\x1b[0m\r\n${P}`,
	},
	{
		name: 'multi-line paste runs line by line and leaves the tail',
		steps: ['\x1b[200~echo 1\recho 2\rech\x1b[201~'],
		out: `echo 1\r\n1\r\n${P}echo 2\r\n2\r\n${P}ech`,
	},
	{
		name: 'a pasted line after a long one waits for it',
		steps: ['\x1b[200~sleep 1\recho after\r\x1b[201~', { advance: 500 }, 'x', { advance: 500 }],
		out: `sleep 1\r\n${P}echo after\r\nafter\r\n${P}x`,
	},
	{ name: 'a run button types, then presses Enter', steps: [{ run: ['echo hi'] }, { advance: 35 }], out: 'ech' },
	{ name: '… and runs it', steps: [{ run: ['echo hi'] }, { all: true }], out: `echo hi\r\nhi\r\n${P}` },
	{
		name: 'several commands run in order, the next after the last ends',
		steps: [{ run: ['sleep 1', 'echo done'] }, { all: true }],
		out: `sleep 1\r\n${P}echo done\r\ndone\r\n${P}`,
	},
	{ name: 'commands are text: controls dropped, newlines split', steps: [{ run: ['echo a\x1b]52;c;x\x07\necho b'] }, { all: true }], out: `echo a]52;c;x\r\na]52;c;x\r\n${P}echo b\r\nb\r\n${P}` },
	{ name: 'a run button clears what was typed first', steps: ['abc', { run: ['echo ok'] }, { all: true }], out: `abc\x1b[3D\x1b[Jecho ok\r\nok\r\n${P}` },
	{ name: 'keys during typing wait their turn', steps: [{ run: ['echo hi'] }, { advance: 20 }, 'x', { all: true }], out: `echo hi\r\nhi\r\n${P}x` },
	{ name: 'Ctrl-C during typing cancels the line and the queue', steps: [{ run: ['echo hi', 'echo 2'] }, { advance: 25 }, '\x03', { all: true }], out: `ec^C\r\n${P}` },
	{ name: 'a run button queues behind a running line', steps: ['sleep 1\r', { run: ['echo x'] }, { all: true }], out: `sleep 1\r\n${P}echo x\r\nx\r\n${P}` },
	{
		name: 'a run button with interrupt stops the running line first',
		steps: ['ping\r', { run: ['echo x'], interrupt: true }, { all: true }],
		out: `ping\r\n64 bytes from 10.0.0.1: icmp_seq=1\r\n^C\r\n--- 10.0.0.1 ping statistics ---\r\n${P}echo x\r\nx\r\n${P}`,
	},
	{ name: 'a run button after exit restarts the lab', steps: ['exit\r', { run: ['echo back'] }, { all: true }], out: `exit\r\nexit\r\n${n('terminal.exited')}${n('terminal.reset')}${P}echo back\r\nback\r\n${P}` },
	{ name: 'a message goes above the prompt', steps: ['ls', { message: 'terminal.link.intro' }], out: `ls\r\n${n('terminal.link.intro')}${P}ls` },
	{ name: 'resize redraws the line', steps: ['ls', { resize: 40 }], out: `ls\r\x1b[J${P}ls` },
	{ name: 'messages in Chinese', lang: 'zh', steps: ['exit\r'], out: `exit\r\nexit\r\n${n('terminal.exited', 'zh')}` },
];

describe('TerminalController', () => {
	it.each(CASES)('$name', ({ lang, steps, out }) => {
		const h = setup(lang);
		h.term.start();
		expect(h.out.take()).toBe(ON + P);
		h.play(steps);
		expect(h.out.take()).toBe(out);
	});

	it('the screen after a session reads like a terminal', () => {
		const h = setup('en', 40);
		h.term.start();
		h.play(['echo 你好\r', 'printf ab', '\r', 'iptables -L ISTIO_', '\t', '\t', '\x03']);
		const screen = new Screen(40);
		screen.write(h.out.all);
		expect(screen.rows()).toEqual([
			`${P}echo 你好`,
			'你好',
			`${P}printf ab`,
			`ab${P}iptables -L ISTIO_`,
			'ISTIO_INBOUND      ISTIO_OUTPUT',
			'ISTIO_IN_REDIRECT  ISTIO_REDIRECT',
			`${P}iptables -L ISTIO_^C`,
			P.trimEnd(),
		]);
	});

	it.each([
		{ lang: 'en' as const, banner: 'Sidecar Lab: a simulated shell. Type help to list the commands; Tab completes, ↑ recalls, Ctrl-R searches your history.' },
		{ lang: 'zh' as const, banner: 'Sidecar Lab：模拟的 shell。输入 help 查看可用命令；Tab 补全，↑ 调出上一条，Ctrl-R 搜索历史命令。' },
	])('the help banner in $lang', ({ lang, banner }) => {
		const h = setup(lang);
		h.term.start({ banner: true });
		expect(h.out.all).toBe(`${ON}\x1b[36m${banner}\x1b[0m\r\n${P}`);
	});

	it('a message before start comes before the first prompt', () => {
		const h = setup();
		h.term.message('terminal.link.intro');
		h.term.start();
		expect(h.out.all).toBe(`${n('terminal.link.intro')}${ON}${P}`);
	});

	it('commands queued before start run after the first prompt', () => {
		const h = setup();
		h.term.typeAndRun(['echo early']);
		h.term.start();
		h.scheduler.runAll();
		expect(h.out.all).toBe(`${ON}${P}echo early\r\nearly\r\n${P}`);
	});

	it('history is saved per lesson, in order, deep-linked commands included', () => {
		const h = setup();
		h.term.start();
		h.play(['echo one\r', { run: ['echo two'] }, { all: true }]);
		expect(JSON.parse(h.storage.map.get(`${HISTORY_PREFIX}guide`) ?? '[]')).toEqual(['iptables -t nat -S', 'ss -tlnp', 'echo one', 'echo two']);
	});

	it('reset keeps the history and calls the session', () => {
		const h = setup();
		h.term.start();
		h.play(['echo one\r', { reset: true }, UP]);
		expect(h.session.resets).toBe(1);
		expect(h.out.all.endsWith(`${P}echo one`)).toBe(true);
	});

	it('a prompt with escape sequences from a directory name is cleaned', () => {
		const h = setup();
		h.session.cwd = '/tmp/\x1b]52;c;eA==\x07x';
		h.term.start();
		expect(h.out.all).toBe(`${ON}root@kind-worker:/tmp/]52;c;eA==x# `);
	});

	it('nothing happens after dispose, and no timer is left', () => {
		const h = setup();
		h.term.start();
		h.play(['sleep 5\r', { run: ['echo x'] }]);
		h.term.dispose();
		h.out.take();
		h.play(['ls\r', { all: true }]);
		expect(h.out.take()).toBe('');
		expect(h.scheduler.pending).toBe(0);
		expect(h.term.status).toBe('disposed');
	});

	it('the session is asked for completions only on Tab', () => {
		const h = setup();
		h.term.start();
		h.play(['iptables -t nat', '\t']);
		expect(h.session.completions).toBe(1);
	});
});
