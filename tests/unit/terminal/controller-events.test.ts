// What the terminal reports to the page after each line and each reset (the `sidecar-lab:ran` and
// `sidecar-lab:reset` events of src/components/lab/element.ts): every case is a script of keys,
// run buttons and time, and the whole list of reports it produced.

import { describe, expect, it } from 'vitest';
import { History, type LineRan, ManualScheduler, plainText, TerminalController } from '../../../src/terminal';
import { FakeSession, MemoryStorage, Recorder } from './helpers';

class PlacedSession extends FakeSession {
	where(): string {
		return this.cwd === '~' ? 'node' : `pod${this.cwd}`;
	}
}

type Report = LineRan | 'reset';

function setup() {
	const session = new PlacedSession();
	const scheduler = new ManualScheduler();
	const reports: Report[] = [];
	const term = new TerminalController({
		session,
		output: new Recorder(),
		scheduler,
		history: new History({ key: 'events', storage: new MemoryStorage() }),
		lang: 'en',
		typingDelayMs: 10,
		submitDelayMs: 100,
		tickMs: 50,
		onLine: (r) => reports.push(r),
		onReset: () => reports.push('reset'),
	});
	term.start();
	return { term, scheduler, reports };
}

describe('the terminal reports every line that ran, and every reset', () => {
	it.each<{ name: string; play: (s: ReturnType<typeof setup>) => void; reports: Report[] }>([
		{ name: 'a typed command', play: ({ term }) => term.input('echo hi\r'), reports: [{ line: 'echo hi', output: 'hi\n', exitCode: 0, at: 'node' }] },
		{ name: 'stderr and the exit status', play: ({ term }) => term.input('fail\r'), reports: [{ line: 'fail', output: 'fail: boom\n', exitCode: 1, at: 'node' }] },
		{ name: 'a blank line is not a command', play: ({ term }) => term.input('\r  \r'), reports: [] },
		{
			name: 'where the shell stood when the line ran, not after',
			play: ({ term }) => term.input('cd /x\recho there\r'),
			reports: [
				{ line: 'cd /x', output: '', exitCode: 0, at: 'node' },
				{ line: 'echo there', output: 'there\n', exitCode: 0, at: 'pod/x' },
			],
		},
		{
			name: 'escape sequences are stripped: the text a reader sees',
			play: ({ term }) => term.input('evil\r'),
			reports: [{ line: 'evil', output: 'click red\n', exitCode: 0, at: 'node' }],
		},
		{
			name: 'Ctrl-C: ^C, what the command printed on its way out, status 130',
			play: ({ term, scheduler }) => {
				term.input('sleep 5\r');
				scheduler.advance(120);
				term.input('\x03');
			},
			reports: [{ line: 'sleep 5', output: '^C', exitCode: 130, at: 'node' }],
		},
		{
			name: 'a run button, typed and run',
			play: ({ term, scheduler }) => {
				term.typeAndRun(['echo button']);
				scheduler.runAll();
			},
			reports: [{ line: 'echo button', output: 'button\n', exitCode: 0, at: 'node' }],
		},
		{ name: 'the Reset button', play: ({ term }) => term.reset(), reports: ['reset'] },
		{ name: 'a typed reset is a reset, not a line', play: ({ term }) => term.input('reset\r'), reports: ['reset'] },
		{
			name: 'exit, then Enter brings the lab back: the line, then a reset',
			play: ({ term }) => term.input('exit\r\r'),
			reports: [{ line: 'exit', output: 'exit\n', exitCode: 0, at: 'node' }, 'reset'],
		},
		{
			name: 'a line cut short by Reset reports only the reset',
			play: ({ term, scheduler }) => {
				term.input('sleep 5\r');
				scheduler.advance(100);
				term.reset();
			},
			reports: ['reset'],
		},
		{
			name: 'a simulator error is reported with status 1 and its message',
			play: ({ term }) => term.input('crash\r'),
			reports: [{ line: 'crash', output: 'The simulator hit an internal error (broken invariant: no such socket). Press Reset to start again.\n', exitCode: 1, at: 'node' }],
		},
	])('$name', ({ play, reports }) => {
		const s = setup();
		play(s);
		expect(s.reports).toEqual(reports);
	});

	it('a listener that throws does not stop the terminal', () => {
		const session = new PlacedSession();
		const out = new Recorder();
		const term = new TerminalController({ session, output: out, scheduler: new ManualScheduler(), history: new History({ key: 'x' }), lang: 'en', onLine: () => { throw new Error('listener'); } });
		term.start();
		term.input('echo a\recho b\r');
		expect(session.started).toEqual(['echo a', 'echo b']);
		expect(term.status).toBe('idle');
	});

	it.each([
		['\x1b[01;32mroot\x1b[00m\r\nnext\r\n', 'root\nnext\n'],
		['a\x1b]8;;https://x/\x07link\x1b]8;;\x07\r\n', 'alink\n'],
		['tab\there\x07\r\n', 'tab\there\n'],
		['progress\rdone\r\n', 'progressdone\n'],
	])('plainText(%j)', (written, text) => {
		expect(plainText(written)).toBe(text);
	});
});
