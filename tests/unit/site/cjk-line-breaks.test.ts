import { describe, expect, it } from 'vitest';
import { joinCjkLines } from '../../../src/markdown/cjk-line-breaks';

describe('joinCjkLines', () => {
	it.each([
		['每一点，\n都能亲手验证', '每一点，都能亲手验证'],
		['书上\n  说的', '书上说的'],
		['交给 Envoy，再由\nEnvoy 决定', '交给 Envoy，再由 Envoy 决定'],
		['数字\n6 是 TCP', '数字 6 是 TCP'],
		['（`6` 是 TCP，\n`0` 表示任意）', '（`6` 是 TCP，`0` 表示任意）'],
		['English lines\nkeep a space', 'English lines\nkeep a space'],
		['“监听地址”\n一栏', '“监听地址”一栏'],
		['no breaks here', 'no breaks here'],
	])('%j', (input, expected) => {
		expect(joinCjkLines(input)).toBe(expected);
	});
});
