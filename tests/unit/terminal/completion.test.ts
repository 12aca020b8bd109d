// What one Tab does with the session's candidates, and the list Tab Tab prints.

import { describe, expect, it } from 'vitest';
import { commonPrefix, type Completion, formatColumns, labelOf, resolveCompletion } from '../../../src/terminal';

const CASES: readonly { name: string; line: string; cursor?: number; completion: Completion; result: ReturnType<typeof resolveCompletion> }[] = [
	{ name: 'no candidates', line: 'zz', completion: { from: 0, candidates: [] }, result: { kind: 'none' } },
	{ name: 'one command: inserted with a space', line: 'ipt', completion: { from: 0, candidates: ['iptables'] }, result: { kind: 'unique', from: 0, text: 'iptables ', skipSpace: false } },
	{ name: 'one directory: its slash, no space', line: 'ls /et', completion: { from: 3, candidates: ['/etc/'] }, result: { kind: 'unique', from: 3, text: '/etc/', skipSpace: false } },
	{ name: 'a space already after the cursor is stepped over', line: 'ipt -S', cursor: 3, completion: { from: 0, candidates: ['iptables'] }, result: { kind: 'unique', from: 0, text: 'iptables', skipSpace: true } },
	{ name: 'several: common prefix inserted, bell', line: 'iptables -t nat -L IS', completion: { from: 19, candidates: ['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT'] }, result: { kind: 'ambiguous', from: 19, prefix: 'ISTIO_', labels: ['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT'] } },
	{ name: 'several, nothing to add', line: 'ls /etc/p', completion: { from: 3, candidates: ['/etc/passwd', '/etc/pam.d/'], labels: 'basename' }, result: { kind: 'ambiguous', from: 3, prefix: '/etc/pa', labels: ['pam.d/', 'passwd'] } },
	{ name: 'several, prefix equal to the word', line: 'ls /etc/pa', completion: { from: 3, candidates: ['/etc/passwd', '/etc/pam.d/'], labels: 'basename' }, result: { kind: 'ambiguous', from: 3, prefix: undefined, labels: ['pam.d/', 'passwd'] } },
	{ name: 'duplicates count once', line: 'pi', completion: { from: 0, candidates: ['ping', 'ping'] }, result: { kind: 'unique', from: 0, text: 'ping ', skipSpace: false } },
	{ name: 'candidates are cleaned', line: 'cat x', completion: { from: 4, candidates: ['x\x1b[31m'] }, result: { kind: 'unique', from: 4, text: 'x[31m ', skipSpace: false } },
	{ name: 'a prefix that does not extend the word is not inserted', line: 'ls ABC', completion: { from: 3, candidates: ['abcd', 'abce'] }, result: { kind: 'ambiguous', from: 3, prefix: undefined, labels: ['abcd', 'abce'] } },
	{ name: 'from beyond the cursor is clamped', line: 'ls', completion: { from: 9, candidates: ['a', 'b'] }, result: { kind: 'ambiguous', from: 2, prefix: undefined, labels: ['a', 'b'] } },
	{ name: 'CJK file names', line: 'cat 说', completion: { from: 4, candidates: ['说明.txt', '说话.txt'] }, result: { kind: 'ambiguous', from: 4, prefix: undefined, labels: ['说明.txt', '说话.txt'] } },
];

describe('resolveCompletion', () => {
	it.each(CASES)('$name', ({ line, cursor, completion, result }) => {
		expect(resolveCompletion(line, cursor ?? line.length, completion)).toEqual(result);
	});

	it('commonPrefix never splits a surrogate pair', () => {
		expect(commonPrefix(['a👍x', 'a👎y'])).toBe('a');
		expect(commonPrefix([])).toBe('');
	});

	it.each([
		{ candidate: '/etc/', label: 'etc/' },
		{ candidate: '/etc/pam.d/', label: 'pam.d/' },
		{ candidate: 'a/b/c', label: 'c' },
		{ candidate: 'plain', label: 'plain' },
	])('basename label of $candidate', ({ candidate, label }) => {
		expect(labelOf(candidate, 'basename')).toBe(label);
		expect(labelOf(candidate, 'full')).toBe(candidate);
	});
});

describe('formatColumns', () => {
	const CHAINS = ['ISTIO_INBOUND', 'ISTIO_IN_REDIRECT', 'ISTIO_OUTPUT', 'ISTIO_REDIRECT', 'OUTPUT', 'POSTROUTING', 'PREROUTING'];
	it.each([
		{
			name: 'down then across, two cells after the widest',
			labels: CHAINS,
			columns: 80,
			rows: ['ISTIO_INBOUND      ISTIO_OUTPUT       OUTPUT             PREROUTING', 'ISTIO_IN_REDIRECT  ISTIO_REDIRECT     POSTROUTING'],
		},
		{ name: 'narrow terminal: one per row', labels: ['ISTIO_INBOUND', 'ISTIO_OUTPUT'], columns: 20, rows: ['ISTIO_INBOUND', 'ISTIO_OUTPUT'] },
		{ name: 'two columns when they fit', labels: ['aaaa', 'bbbb', 'cccc', 'dddd'], columns: 13, rows: ['aaaa  cccc', 'bbbb  dddd'] },
		{ name: 'columns that would fill the width exactly lose one (readline)', labels: ['aaaa', 'bbbb', 'cccc', 'dddd'], columns: 12, rows: ['aaaa', 'bbbb', 'cccc', 'dddd'] },
		{ name: 'wide labels are padded by cells', labels: ['说明.txt', 'notes.txt', '数据.json'], columns: 40, rows: ['说明.txt   notes.txt  数据.json'] },
		{ name: 'nothing', labels: [], columns: 80, rows: [] },
	])('$name', ({ labels, columns, rows }) => {
		expect(formatColumns(labels, columns)).toEqual(rows);
	});
});
