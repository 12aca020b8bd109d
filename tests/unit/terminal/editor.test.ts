// The editor: keys as xterm sends them, through the decoder, from one baseline (a history of four
// lines, the fake session's completer, 80 columns); each case checks the final line with its
// cursor (|) and every effect the keys produced.

import { describe, expect, it } from 'vitest';
import { Editor, type EditorEffect, History, HISTORY_PREFIX, KeyDecoder } from '../../../src/terminal';
import { FakeSession, MemoryStorage } from './helpers';

const BASE = ['iptables -t nat -S', 'ss -tlnp', 'iptables -t nat -L ISTIO_INBOUND', 'curl -s localhost:15000/ready'];

function setup(columns = 80) {
	const storage = new MemoryStorage();
	storage.map.set(`${HISTORY_PREFIX}guide`, JSON.stringify(BASE));
	const history = new History({ key: 'guide', storage });
	const session = new FakeSession();
	const editor = new Editor({ history, complete: (l, c) => session.complete(l, c), columns: () => columns });
	editor.newLine('$ ');
	const decoder = new KeyDecoder();
	const effects: EditorEffect[] = [];
	const keys = (...chunks: string[]): void => {
		for (const c of chunks) for (const a of decoder.feed(c)) effects.push(...editor.apply(a));
	};
	const line = (): string => {
		const v = editor.view();
		return `${v.prompt}${v.text.slice(0, v.cursor)}|${v.text.slice(v.cursor)}`;
	};
	return { editor, history, keys, effects, line, session };
}

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';
const BELL: EditorEffect = { kind: 'bell' };

const CASES: readonly { name: string; keys: string[]; line: string; effects?: EditorEffect[] }[] = [
	{ name: 'typing', keys: ['ls -l'], line: '$ ls -l|' },
	{ name: 'Home, End, C-a, C-e', keys: ['ls -l', '\x01', 'x', '\x05', 'y'], line: '$ xls -ly|' },
	{ name: 'Backspace and Delete', keys: ['lxs', LEFT, '\x7f', '\x1b[3~'], line: '$ l|' },
	{ name: 'C-u then C-y puts it back', keys: ['echo hi', '\x15', 'x ', '\x19'], line: '$ x echo hi|' },
	{ name: 'C-w kills a path word', keys: ['cat /etc/hosts', '\x17'], line: '$ cat |' },
	{ name: 'C-k from the middle', keys: ['echo hi', '\x1b[D\x1b[D\x1b[D', '\x0b'], line: '$ echo|' },
	{ name: 'Alt-b and Alt-f', keys: ['iptables -t nat', '\x1bb', '\x1bb', 'X', '\x1bf', 'Y'], line: '$ iptables -XtY| nat' },
	{ name: 'Ctrl-Left by word', keys: ['ss -tlnp', '\x1b[1;5D', '\x1b[1;5D'], line: '$ |ss -tlnp' },
	{ name: 'C-t transposes a typo', keys: ['sl', '\x14'], line: '$ ls|' },
	{ name: 'C-d deletes under the cursor', keys: ['ab', LEFT, '\x04'], line: '$ a|' },
	{ name: 'C-d on an empty line is end of file', keys: ['\x04'], line: '$ |', effects: [{ kind: 'eof' }] },
	{ name: 'C-l asks for a clear screen, the line stays', keys: ['ls', '\x0c'], line: '$ ls|', effects: [{ kind: 'clear-screen' }] },
	{ name: 'C-c cancels', keys: ['ls', '\x03'], line: '$ ls|', effects: [{ kind: 'cancel' }] },
	{ name: 'C-g rings', keys: ['\x07'], line: '$ |', effects: [BELL] },
	{ name: 'Enter submits and records history', keys: ['echo hi', '\r'], line: '$ echo hi|', effects: [{ kind: 'submit', line: 'echo hi', then: [] }] },
	{ name: 'Up recalls the newest line', keys: [UP], line: '$ curl -s localhost:15000/ready|' },
	{ name: 'Up twice, Down once', keys: [UP, UP, DOWN], line: '$ curl -s localhost:15000/ready|' },
	{ name: 'Down past the newest returns the draft', keys: ['dra', UP, DOWN], line: '$ dra|' },
	{ name: 'Up at the oldest rings', keys: [UP, UP, UP, UP, UP], line: '$ iptables -t nat -S|', effects: [BELL] },
	{ name: 'Down on the draft rings', keys: [DOWN], line: '$ |', effects: [BELL] },
	{ name: 'edits to a recalled line are kept while walking', keys: [UP, ' -v', UP, DOWN], line: '$ curl -s localhost:15000/ready -v|' },
	{ name: 'Tab completes a unique command with a space', keys: ['ipt', '\t'], line: '$ iptables |' },
	{ name: 'Tab inserts the common prefix and rings', keys: ['iptables -L IS', '\t'], line: '$ iptables -L ISTIO_|', effects: [BELL] },
	{ name: 'Tab with nothing to offer rings', keys: ['zz', '\t'], line: '$ zz|', effects: [BELL] },
	{
		name: 'Tab Tab lists in columns, then the prompt again',
		keys: ['iptables -L ISTIO_', '\t', '\t'],
		line: '$ iptables -L ISTIO_|',
		effects: [BELL, { kind: 'print', text: 'ISTIO_INBOUND      ISTIO_IN_REDIRECT  ISTIO_OUTPUT       ISTIO_REDIRECT\r\n', then: 'prompt' }],
	},
	{ name: 'a key between two Tabs starts over', keys: ['ls /etc/pa', '\t', 's', '\t'], line: '$ ls /etc/passwd |', effects: [BELL] },
	{ name: 'Tab inserts a file prefix, and rings', keys: ['ls /etc/p', '\t'], line: '$ ls /etc/pa|', effects: [BELL] },
	{ name: 'file completion shows basenames', keys: ['cat /etc/pa', '\t', '\t'], line: '$ cat /etc/pa|', effects: [BELL, { kind: 'print', text: 'pam.d/  passwd\r\n', then: 'prompt' }] },
	{ name: 'directory completion adds no space', keys: ['cat /etc/pam', '\t'], line: '$ cat /etc/pam.d/|' },
	{ name: 'completion in the middle of the line', keys: ['ipt -S', LEFT, LEFT, LEFT, '\t'], line: '$ iptables |-S' },
	{ name: 'CJK candidates', keys: ['ls 说', '\t'], line: '$ ls 说明.txt |' },
	{
		name: '120 candidates: readline asks first; y lists',
		keys: ['ls many', '\t', '\t', 'y'],
		line: '$ ls many|',
		effects: [BELL, { kind: 'print', text: 'Display all 120 possibilities? (y or n)', then: 'wait' }, { kind: 'print', text: '\r\n' + manyRows(), then: 'prompt' }],
	},
	{ name: '120 candidates: n declines', keys: ['ls many', '\t', '\t', 'n'], line: '$ ls many|', effects: [BELL, { kind: 'print', text: 'Display all 120 possibilities? (y or n)', then: 'wait' }, { kind: 'print', text: '\r\n', then: 'prompt' }] },
	{ name: '120 candidates: other keys ring until answered', keys: ['ls many', '\t', '\t', 'x', '\x03'], line: '$ ls many|', effects: [BELL, { kind: 'print', text: 'Display all 120 possibilities? (y or n)', then: 'wait' }, BELL, { kind: 'print', text: '\r\n', then: 'prompt' }] },
	{ name: 'paste without newline inserts', keys: ['\x1b[200~iptables -S\x1b[201~'], line: '$ iptables -S|' },
	{ name: 'paste cleans controls and tabs', keys: ['\x1b[200~a\tb\x1b]0;x\x07c\x1b[201~'], line: '$ a b]0;xc|' },
	{
		name: 'multi-line paste: first line runs, the rest is queued, the tail stays',
		keys: ['\x1b[200~echo 1\recho 2\rech\x1b[201~'],
		line: '$ echo 1|',
		effects: [{ kind: 'submit', line: 'echo 1', then: [{ text: 'echo 2', typed: false, submit: true }, { text: 'ech', typed: false, submit: false }] }],
	},
	{ name: 'multi-line paste with a final newline queues no tail', keys: ['\x1b[200~a\r\nb\r\n\x1b[201~'], line: '$ a|', effects: [{ kind: 'submit', line: 'a', then: [{ text: 'b', typed: false, submit: true }] }] },
	{ name: 'C-r finds the newest match', keys: ['\x12', 'nat'], line: "(reverse-i-search)`nat': iptables -t |nat -L ISTIO_INBOUND" },
	{ name: 'C-r C-r goes further back', keys: ['\x12', 'nat', '\x12'], line: "(reverse-i-search)`nat': iptables -t |nat -S" },
	{ name: 'C-r with nothing older rings', keys: ['\x12', 'nat', '\x12', '\x12'], line: "(failed reverse-i-search)`nat': iptables -t |nat -S", effects: [BELL] },
	{ name: 'C-r Enter runs the match', keys: ['\x12', 'ss', '\r'], line: '$ |ss -tlnp', effects: [{ kind: 'submit', line: 'ss -tlnp', then: [] }] },
	{ name: 'C-r then Right edits the match', keys: ['\x12', 'ready', '\x1b[C'], line: '$ curl -s localhost:15000/r|eady' },
	{ name: 'C-r then Escape keeps the match', keys: ['\x12', 'ready', '\x1b'], line: '$ curl -s localhost:15000/|ready' },
	{ name: 'C-r then C-g restores the line', keys: ['draft', '\x12', 'ss', '\x07'], line: '$ draft|' },
	{ name: 'C-r then C-c cancels', keys: ['\x12', 'ss', '\x03'], line: '$ |', effects: [{ kind: 'cancel' }] },
	{ name: 'C-r then Up continues from the match', keys: ['\x12', 'ss -', '\x1b', UP], line: '$ iptables -t nat -S|' },
	{ name: 'C-r Backspace edits the query', keys: ['\x12', 'ssx', '\x7f'], line: "(reverse-i-search)`ss': |ss -tlnp", effects: [BELL] },
	{ name: 'a second C-r search reuses the query', keys: ['\x12', 'nat', '\x1b', '\x01\x0b', '\x12', '\x12'], line: "(reverse-i-search)`nat': iptables -t |nat -L ISTIO_INBOUND" },
];

function manyRows(): string {
	const labels = Array.from({ length: 120 }, (_, i) => `many${String(i).padStart(3, '0')}`);
	const rows: string[] = [];
	// 7 cells each plus 2: 8 columns in 80, so 15 rows, filled down then across.
	for (let r = 0; r < 15; r++) rows.push(Array.from({ length: 8 }, (_, c) => labels[c * 15 + r]).join('  '));
	return rows.map((r) => `${r}\r\n`).join('');
}

describe('Editor', () => {
	it.each(CASES)('$name', ({ keys, line, effects }) => {
		const t = setup();
		t.keys(...keys);
		expect(t.line()).toBe(line);
		expect(t.effects).toEqual(effects ?? []);
	});

	it('Enter adds to history; newLine starts empty with the walk at the end', () => {
		const t = setup();
		t.keys('echo new', '\r');
		expect(t.history.entries.at(-1)).toBe('echo new');
		t.editor.newLine('# ');
		expect(t.line()).toBe('# |');
		t.keys(UP);
		expect(t.line()).toBe('# echo new|');
	});

	it('C-c forgets edits to recalled lines', () => {
		const t = setup();
		t.keys(UP, ' -v', '\x03');
		t.editor.newLine('$ ');
		t.keys(UP);
		expect(t.line()).toBe('$ curl -s localhost:15000/ready|');
	});

	it('setLine replaces the line and leaves search', () => {
		const t = setup();
		t.keys('\x12', 'ss');
		t.editor.setLine('ls');
		expect(t.line()).toBe('$ ls|');
		expect(t.editor.modeName).toBe('edit');
	});

	it('Tab Tab lists in the width it is given', () => {
		const t = setup(40);
		t.keys('iptables -L ISTIO_', '\t', '\t');
		expect(t.effects[1]).toEqual({ kind: 'print', text: 'ISTIO_INBOUND      ISTIO_OUTPUT\r\nISTIO_IN_REDIRECT  ISTIO_REDIRECT\r\n', then: 'prompt' });
	});
});
