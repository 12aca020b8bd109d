// The output filter: CR LF, what passes (colours, cursor motion) and what never reaches xterm
// (OSC, DCS, C1, resets, mode changes, status requests), sequences cut between chunks, and the
// column the output ends at.

import { describe, expect, it } from 'vitest';
import { OutputFilter } from '../../../src/terminal';

const CASES: readonly { name: string; chunks: string[]; out: string; column: number }[] = [
	{ name: 'LF becomes CR LF', chunks: ['a\nb\n'], out: 'a\r\nb\r\n', column: 0 },
	{ name: 'CR LF stays', chunks: ['a\r\nb'], out: 'a\r\nb', column: 1 },
	{ name: 'CR then LF across chunks stays', chunks: ['a\r', '\nb'], out: 'a\r\nb', column: 1 },
	{ name: 'no final newline: the column is where the prompt goes', chunks: ['abc'], out: 'abc', column: 3 },
	{ name: 'wide characters count two', chunks: ['中文'], out: '中文', column: 4 },
	{ name: 'tab goes to the next stop', chunks: ['ab\tc'], out: 'ab\tc', column: 9 },
	{ name: 'long output wraps at the width', chunks: ['x'.repeat(85)], out: 'x'.repeat(85), column: 5 },
	{ name: 'exactly the width: xterm waits to wrap', chunks: ['x'.repeat(80)], out: 'x'.repeat(80), column: 80 },
	{ name: 'a wide character that does not fit starts the next row', chunks: [`${'x'.repeat(79)}中`], out: `${'x'.repeat(79)}中`, column: 2 },
	{ name: 'backspace', chunks: ['ab\bc'], out: 'ab\bc', column: 2 },
	{ name: 'SGR colours pass', chunks: ['\x1b[01;31mred\x1b[0m\n'], out: '\x1b[01;31mred\x1b[0m\r\n', column: 0 },
	{ name: 'cursor motions pass and move the column', chunks: ['abc\x1b[2D\x1b[K'], out: 'abc\x1b[2D\x1b[K', column: 1 },
	{ name: 'CHA sets the column', chunks: ['\x1b[10G'], out: '\x1b[10G', column: 9 },
	{ name: 'clear (CUP + ED) passes', chunks: ['\x1b[H\x1b[2J\x1b[3J'], out: '\x1b[H\x1b[2J\x1b[3J', column: 0 },
	{ name: 'OSC 52 (clipboard) is dropped, BEL-terminated', chunks: ['a\x1b]52;c;ZXZpbA==\x07b'], out: 'ab', column: 2 },
	{ name: 'OSC 8 link is dropped, ST-terminated', chunks: ['\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\'], out: 'click', column: 5 },
	{ name: 'OSC cut between chunks is still dropped', chunks: ['a\x1b]0;ti', 'tle\x07b'], out: 'ab', column: 2 },
	{ name: 'DCS, PM, APC, SOS strings are dropped', chunks: ['\x1bPq#0\x1b\\\x1b^pm\x1b\\\x1b_apc\x1b\\\x1bXsos\x1b\\x'], out: 'x', column: 1 },
	{ name: '8-bit C1 controls are dropped', chunks: ['a\x9b2J\x9d0;t\x9cb'], out: 'a2J0;tb', column: 7 },
	{ name: 'RIS (full reset) is dropped', chunks: ['\x1bcx'], out: 'x', column: 1 },
	{ name: 'DECSET (mouse, bracketed paste off) is dropped', chunks: ['\x1b[?1000h\x1b[?2004lx'], out: 'x', column: 1 },
	{ name: 'insert mode (SM 4) is dropped', chunks: ['\x1b[4hx'], out: 'x', column: 1 },
	{ name: 'status and device attribute requests are dropped', chunks: ['\x1b[6n\x1b[c\x1b[>0c\x1b[18tx'], out: 'x', column: 1 },
	{ name: 'charset designation is dropped', chunks: ['\x1b(0q\x1b(B'], out: 'q', column: 1 },
	{ name: 'save and restore cursor pass', chunks: ['\x1b7a\x1b8'], out: '\x1b7a\x1b8', column: 1 },
	{ name: 'CSI cut between chunks is completed', chunks: ['\x1b[3', '1mred'], out: '\x1b[31mred', column: 3 },
	{ name: 'SO and SI (charset shifts) are dropped', chunks: ['a\x0eb\x0fc'], out: 'abc', column: 3 },
	{ name: 'BEL passes', chunks: ['\x07'], out: '\x07', column: 0 },
	{ name: 'a broken CSI is dropped', chunks: ['\x1b[12\x01x'], out: 'x', column: 1 },
];

describe('OutputFilter', () => {
	it.each(CASES)('$name', ({ chunks, out, column }) => {
		const f = new OutputFilter();
		expect(chunks.map((c) => f.feed(c)).join('')).toBe(out);
		expect(f.column).toBe(column);
	});
});
