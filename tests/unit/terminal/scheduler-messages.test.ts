// The manual clock the tests run on, the browser's timers behind the same interface, and the
// terminal's own messages in both languages.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualScheduler, MESSAGES, notice, t, timerScheduler } from '../../../src/terminal';

describe('ManualScheduler', () => {
	it('fires in due order, ties in the order set, only when advanced', () => {
		const s = new ManualScheduler();
		const log: string[] = [];
		s.schedule(20, () => log.push('b'));
		s.schedule(10, () => log.push('a'));
		s.schedule(20, () => log.push('c'));
		s.advance(9);
		expect(log).toEqual([]);
		s.advance(11);
		expect(log).toEqual(['a', 'b', 'c']);
		expect(s.now()).toBe(20);
	});

	it('runs timers set while firing, and cancels', () => {
		const s = new ManualScheduler();
		const log: number[] = [];
		const tick = (): void => {
			log.push(s.now());
			if (log.length < 3) s.schedule(5, tick);
		};
		s.schedule(5, tick);
		const cancel = s.schedule(7, () => log.push(-1));
		cancel();
		s.runAll();
		expect(log).toEqual([5, 10, 15]);
		expect(s.pending).toBe(0);
	});

	it('runAll stops at its limit for timers that never end', () => {
		const s = new ManualScheduler();
		const again = (): void => void s.schedule(1, again);
		s.schedule(1, again);
		s.runAll(50);
		expect(s.now()).toBe(50);
	});
});

describe('timerScheduler', () => {
	afterEach(() => vi.useRealTimers());

	it('uses setTimeout and can cancel', () => {
		vi.useFakeTimers();
		const s = timerScheduler();
		const log: string[] = [];
		s.schedule(100, () => log.push('fired'));
		const cancel = s.schedule(50, () => log.push('cancelled'));
		cancel();
		vi.advanceTimersByTime(100);
		expect(log).toEqual(['fired']);
	});
});

describe('messages', () => {
	it('every key exists in both languages, with the same placeholders', () => {
		const keys = Object.keys(MESSAGES.en);
		expect(Object.keys(MESSAGES.zh).sort()).toEqual([...keys].sort());
		const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
		for (const k of keys as (keyof typeof MESSAGES.en)[]) expect(holes(MESSAGES.zh[k])).toEqual(holes(MESSAGES.en[k]));
	});

	it('fills placeholders and leaves unknown ones', () => {
		expect(t('en', 'terminal.error', { message: 'boom' })).toBe('The simulator hit an internal error (boom). Press Reset to start again.');
		expect(t('zh', 'terminal.link.dropped', { dropped: 2, max: 20 })).toBe('链接中另有 2 条命令未运行（最多 20 条，每条不超过 {length} 个字符）。');
	});

	it('notices are cyan lines of their own', () => {
		expect(notice('hi')).toBe('\x1b[36mhi\x1b[0m\r\n');
	});
});
