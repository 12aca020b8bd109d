// The seeded source: reproducible, independent per label, ports in the kernel's range.

import { describe, expect, it } from 'vitest';
import { ephemeralPort, fork, Random } from '../../../src/world';

describe('Random', () => {
	it('repeats for the same seed and label, and resumes from its state', () => {
		const a = fork(1, 'ports');
		const b = fork(1, 'ports');
		expect([a.next(), a.int(1, 6), a.hex(8)]).toEqual([b.next(), b.int(1, 6), b.hex(8)]);
		const resumed = new Random(a.state);
		expect(resumed.next()).toBe(a.next());
	});

	it('differs between labels and seeds', () => {
		expect(fork(1, 'a').next()).not.toBe(fork(1, 'b').next());
		expect(fork(1, 'a').next()).not.toBe(fork(2, 'a').next());
	});

	it('stays in range', () => {
		const r = fork(3, 'range');
		for (let i = 0; i < 1000; i++) {
			const n = r.int(32768, 60999);
			expect(n >= 32768 && n <= 60999).toBe(true);
		}
	});
});

describe('ephemeralPort', () => {
	it('skips ports in use and wraps around the range', () => {
		const used = new Set<number>();
		for (let p = 32768; p <= 60998; p++) used.add(p);
		expect(ephemeralPort(fork(1, 'x'), used)).toBe(60999);
		used.add(60999);
		expect(ephemeralPort(fork(1, 'x'), used)).toBeUndefined();
	});
});
