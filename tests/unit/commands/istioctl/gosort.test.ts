// goSortSlice leaves the same permutations as Go's sort.Slice (recorded with Go 1.19.8, see
// fixtures/README.md), including for lengths past the 12-element insertion sort and with many
// equal keys, where an unstable sort's order is visible.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goSortSlice } from '../../../../src/commands/istioctl/gosort';

interface Rec {
	readonly keys: number[];
	readonly order: number[];
}

const RECS = JSON.parse(readFileSync(join(__dirname, 'fixtures/go1.19-sort-slice.json'), 'utf8')) as Rec[];

describe('goSortSlice', () => {
	it('has recordings to compare with', () => {
		expect(RECS.length).toBe(240);
	});
	it.each(RECS.map((r, i) => ({ ...r, i, n: r.keys.length })))('case $i (length $n) matches Go', ({ keys, order }) => {
		const items = keys.map((k, i) => ({ k, i }));
		goSortSlice(items, (x, y) => x.k < y.k);
		expect(items.map((x) => x.i)).toEqual(order);
	});
});
