// The line buffer: every operation from one baseline, the cursor shown as | in the expected line.

import { describe, expect, it } from 'vitest';
import { type Killed, LineBuffer, MAX_LINE } from '../../../src/terminal';

/** A buffer from a picture with | for the cursor. */
function at(picture: string): LineBuffer {
	const i = picture.indexOf('|');
	return LineBuffer.of(picture.slice(0, i) + picture.slice(i + 1), i);
}

function show(b: LineBuffer): string {
	return `${b.clusters.slice(0, b.cursor).join('')}|${b.clusters.slice(b.cursor).join('')}`;
}

type Op = (b: LineBuffer) => LineBuffer;

const CASES: readonly { name: string; from: string; op: Op; to: string }[] = [
	{ name: 'insert at end', from: 'ls|', op: (b) => b.insert(' -l'), to: 'ls -l|' },
	{ name: 'insert in the middle', from: 'ipables|', op: (b) => b.home().right().right().insert('t'), to: 'ipt|ables' },
	{ name: 'insert drops controls', from: '|', op: (b) => b.insert('a\x1b[2Jb'), to: 'a[2Jb|' },
	{ name: 'combining mark joins the character before', from: 'e|x', op: (b) => b.insert('\u0301'), to: 'e\u0301|x' },
	{ name: 'combining mark at the start is dropped', from: '|x', op: (b) => b.insert('\u0301'), to: '|x' },
	{ name: 'left and right stop at the ends', from: '|ab', op: (b) => b.left().right().right().right(), to: 'ab|' },
	{ name: 'left over a wide character is one step', from: '中文|', op: (b) => b.left(), to: '中|文' },
	{ name: 'left over an emoji is one step', from: 'a👍|', op: (b) => b.left(), to: 'a|👍' },
	{ name: 'home and end', from: 'a|bc', op: (b) => b.end(), to: 'abc|' },
	{ name: 'backspace', from: 'ab|c', op: (b) => b.backspace(), to: 'a|c' },
	{ name: 'backspace at start does nothing', from: '|ab', op: (b) => b.backspace(), to: '|ab' },
	{ name: 'backspace removes a decomposed é whole', from: 'e\u0301|', op: (b) => b.backspace(), to: '|' },
	{ name: 'delete', from: 'a|bc', op: (b) => b.delete(), to: 'a|c' },
	{ name: 'delete at end does nothing', from: 'ab|', op: (b) => b.delete(), to: 'ab|' },
	{ name: 'M-b to the start of the word', from: 'iptables -t nat|', op: (b) => b.wordLeft(), to: 'iptables -t |nat' },
	{ name: 'M-b skips punctuation first', from: 'iptables -t| nat', op: (b) => b.wordLeft(), to: 'iptables -|t nat' },
	{ name: 'M-f to the end of the word', from: '|iptables -t nat', op: (b) => b.wordRight(), to: 'iptables| -t nat' },
	{ name: 'M-f over CJK words', from: '|echo 你好 世界', op: (b) => b.wordRight().wordRight(), to: 'echo 你好| 世界' },
	{ name: 'transpose', from: 'sl|', op: (b) => b.transpose(), to: 'ls|' },
	{ name: 'transpose in the middle', from: 'a|cb', op: (b) => b.right().transpose(), to: 'abc|' },
	{ name: 'transpose at start does nothing', from: '|ab', op: (b) => b.transpose(), to: '|ab' },
];

const KILLS: readonly { name: string; from: string; op: (b: LineBuffer) => Killed; to: string; killed: string }[] = [
	{ name: 'C-u kills to start', from: 'echo hi| there', op: (b) => b.killToStart(), to: '| there', killed: 'echo hi' },
	{ name: 'C-k kills to end', from: 'echo| hi', op: (b) => b.killToEnd(), to: 'echo|', killed: ' hi' },
	{ name: 'C-w kills back to whitespace', from: 'curl -s http://a/b|', op: (b) => b.killWordBack(), to: 'curl -s |', killed: 'http://a/b' },
	{ name: 'C-w skips trailing spaces first', from: 'ls -la   |', op: (b) => b.killWordBack(), to: 'ls |', killed: '-la   ' },
	{ name: 'C-w at the start kills nothing', from: '|ls', op: (b) => b.killWordBack(), to: '|ls', killed: '' },
	{ name: 'M-DEL kills back to a letter word', from: 'curl -s http://a/bc|', op: (b) => b.killAlnumBack(), to: 'curl -s http://a/|', killed: 'bc' },
	{ name: 'M-d kills the next word', from: 'iptables| -t nat', op: (b) => b.killWordForward(), to: 'iptables| nat', killed: ' -t' },
	{ name: 'M-d over a CJK word', from: 'echo |你好 世界', op: (b) => b.killWordForward(), to: 'echo | 世界', killed: '你好' },
];

describe('LineBuffer', () => {
	it.each(CASES)('$name', ({ from, op, to }) => {
		expect(show(op(at(from)))).toBe(to);
	});

	it.each(KILLS)('$name', ({ from, op, to, killed }) => {
		const k = op(at(from));
		expect({ line: show(k.buffer), killed: k.killed }).toEqual({ line: to, killed });
	});

	it('offset and indexAt convert between UTF-16 and clusters', () => {
		const b = at('a👍e\u0301|z');
		expect(b.cursor).toBe(3);
		expect(b.offset).toBe(5);
		expect(b.indexAt(5)).toBe(3);
		expect(b.indexAt(2)).toBe(1); // inside the emoji: rounded down
	});

	it('replaceBeforeCursor swaps the word before the cursor', () => {
		expect(show(at('ipt| -S').replaceBeforeCursor(0, 'iptables'))).toBe('iptables| -S');
	});

	it(`stops at ${MAX_LINE} clusters`, () => {
		const full = LineBuffer.of('x'.repeat(MAX_LINE + 10));
		expect(full.length).toBe(MAX_LINE);
		expect(full.insert('y').text).toBe(full.text);
		const mid = LineBuffer.of('x'.repeat(MAX_LINE - 2), 5).insert('abcd');
		expect(mid.length).toBe(MAX_LINE);
		expect(mid.text.slice(5, 9)).toBe('abxx');
	});
});
