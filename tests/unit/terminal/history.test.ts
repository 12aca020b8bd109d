// History per lesson (persisted through an injected storage) and the ↑/↓ walk through it; Ctrl-R's
// search. Each case tweaks one baseline history.

import { describe, expect, it } from 'vitest';
import { findBackward, History, HISTORY_PREFIX, HistoryWalk, LineBuffer, ReverseSearch } from '../../../src/terminal';
import { MemoryStorage } from './helpers';

const BASE = ['iptables -t nat -S', 'ss -tlnp', 'iptables -t nat -L ISTIO_INBOUND', 'curl -s localhost:15000/ready'];

function history(lines: readonly string[] = BASE, storage = new MemoryStorage(), key = 'guide'): History {
	storage.map.set(HISTORY_PREFIX + key, JSON.stringify(lines));
	return new History({ key, storage });
}

describe('History', () => {
	it.each([
		{ name: 'adds a line', add: ['ls'], entries: [...BASE, 'ls'] },
		{ name: 'skips blank lines', add: ['', '   '], entries: BASE },
		{ name: 'skips a repeat of the previous line (ignoredups)', add: ['ls', 'ls'], entries: [...BASE, 'ls'] },
		{ name: 'keeps a repeat of an older line', add: ['ss -tlnp'], entries: [...BASE, 'ss -tlnp'] },
		{ name: 'cleans controls', add: ['echo \x1b]52;c;x\x07'], entries: [...BASE, 'echo ]52;c;x'] },
	])('$name', ({ add, entries }) => {
		const h = history();
		for (const l of add) h.add(l);
		expect(h.entries).toEqual(entries);
	});

	it('persists under the lesson key and loads again', () => {
		const storage = new MemoryStorage();
		const h = new History({ key: 'lesson-3', storage });
		h.add('iptables -S');
		expect(storage.map.get('sidecar-lab:history:lesson-3')).toBe('["iptables -S"]');
		expect(new History({ key: 'lesson-3', storage }).entries).toEqual(['iptables -S']);
		expect(new History({ key: 'lesson-4', storage }).entries).toEqual([]);
	});

	it('keeps the last `max` lines', () => {
		const h = new History({ key: 'k', max: 3 });
		for (const l of ['a', 'b', 'c', 'd']) h.add(l);
		expect(h.entries).toEqual(['b', 'c', 'd']);
	});

	it.each([
		{ name: 'not JSON', raw: '{oops' },
		{ name: 'not an array', raw: '{"a":1}' },
		{ name: 'a number', raw: '42' },
	])('ignores stored history that is $name', ({ raw }) => {
		const storage = new MemoryStorage();
		storage.map.set(`${HISTORY_PREFIX}k`, raw);
		expect(new History({ key: 'k', storage }).entries).toEqual([]);
	});

	it('keeps only strings from stored history, cleaned', () => {
		const storage = new MemoryStorage();
		storage.map.set(`${HISTORY_PREFIX}k`, JSON.stringify(['ls', 3, null, '', 'a\x1b[2Jb']));
		expect(new History({ key: 'k', storage }).entries).toEqual(['ls', 'a[2Jb']);
	});

	it('works in memory when storage throws (private mode, quota)', () => {
		const storage = new MemoryStorage();
		storage.failReads = true;
		storage.failWrites = true;
		const h = new History({ key: 'k', storage });
		h.add('ls');
		expect(h.entries).toEqual(['ls']);
	});
});

describe('HistoryWalk', () => {
	it('walks up and down, keeping the line being typed', () => {
		const w = new HistoryWalk(history());
		expect(w.up('draft')).toBe('curl -s localhost:15000/ready');
		expect(w.up('curl -s localhost:15000/ready')).toBe('iptables -t nat -L ISTIO_INBOUND');
		expect(w.down('iptables -t nat -L ISTIO_INBOUND')).toBe('curl -s localhost:15000/ready');
		expect(w.down('curl -s localhost:15000/ready')).toBe('draft');
		expect(w.down('draft')).toBeUndefined();
	});

	it('stops at the oldest line', () => {
		const w = new HistoryWalk(history(['a']));
		expect(w.up('')).toBe('a');
		expect(w.up('a')).toBeUndefined();
	});

	it('keeps edits of recalled lines until restart', () => {
		const h = history();
		const w = new HistoryWalk(h);
		w.up('');
		expect(w.up('curl -s localhost:15000/ready -v')).toBe('iptables -t nat -L ISTIO_INBOUND');
		expect(w.down('iptables -t nat -L ISTIO_INBOUND')).toBe('curl -s localhost:15000/ready -v');
		w.restart();
		expect(w.up('')).toBe('curl -s localhost:15000/ready');
	});

	it('sees lines added after it was made', () => {
		const h = history([]);
		const w = new HistoryWalk(h);
		h.add('ls');
		w.restart();
		expect(w.up('')).toBe('ls');
	});
});

describe('Ctrl-R', () => {
	const search = (last = ''): ReverseSearch => new ReverseSearch(BASE, LineBuffer.of('draft'), last);

	it('findBackward takes the newest entry and the last occurrence in it', () => {
		expect(findBackward(BASE, 'nat', 3)).toEqual({ index: 2, at: 12 });
		expect(findBackward(BASE, 'nat', 1)).toEqual({ index: 0, at: 12 });
		expect(findBackward(BASE, 'zzz', 3)).toBeUndefined();
		expect(findBackward(BASE, 'nat', 3, 'iptables -t nat -L ISTIO_INBOUND')).toEqual({ index: 0, at: 12 });
	});

	it.each([
		{ name: 'empty query shows the line being edited', steps: [], view: { prompt: "(reverse-i-search)`': ", text: 'draft', cursor: 5 } },
		{ name: 'typing finds the newest match, cursor on it', steps: ['nat'], view: { prompt: "(reverse-i-search)`nat': ", text: 'iptables -t nat -L ISTIO_INBOUND', cursor: 12 } },
		{ name: 'Ctrl-R again goes further back', steps: ['nat', 'R'], view: { prompt: "(reverse-i-search)`nat': ", text: 'iptables -t nat -S', cursor: 12 } },
		{ name: 'no older match: failed, the match stays', steps: ['nat', 'R', 'R'], view: { prompt: "(failed reverse-i-search)`nat': ", text: 'iptables -t nat -S', cursor: 12 } },
		{ name: 'extending the query keeps a match that still fits', steps: ['ipt', 'ables -t nat -S'], view: { prompt: "(reverse-i-search)`iptables -t nat -S': ", text: 'iptables -t nat -S', cursor: 0 } },
		{ name: 'nothing matches', steps: ['kubectl'], view: { prompt: "(failed reverse-i-search)`kubectl': ", text: 'draft', cursor: 5 } },
		{ name: 'erasing searches again from the newest', steps: ['ssx', 'BS'], view: { prompt: "(reverse-i-search)`ss': ", text: 'ss -tlnp', cursor: 0 } },
	])('$name', ({ steps, view }) => {
		const s = search();
		for (const step of steps) {
			if (step === 'R') s.again();
			else if (step === 'BS') s.erase();
			else s.type(step);
		}
		expect(s.view()).toEqual(view);
	});

	it('Ctrl-R Ctrl-R reuses the previous query', () => {
		const s = search('ss');
		expect(s.again()).toBe(true);
		expect(s.view().text).toBe('ss -tlnp');
	});

	it('result is the match with the cursor on it, or the original line', () => {
		const s = search();
		expect(s.result().text).toBe('draft');
		s.type('ready');
		expect(s.result().text).toBe('curl -s localhost:15000/ready');
		expect(s.result().offset).toBe(24);
		expect(s.index).toBe(3);
	});
});
