// Go's sort.Slice, step for step: istioctl sorts its tables with it, and sort.Slice is not
// stable, so rows that compare equal (a listener's filter chains with the same DESTINATION,
// route configs with non-numeric names) come out in the order its pattern-defeating quicksort
// leaves them. Reproducing that order means running the same algorithm: insertion sort up to
// 12 elements, then pdqsort with Go's pivot choice, pattern breaking (xorshift seeded with the
// length) and heapsort fallback. Behaviour follows Go 1.19+ src/sort/zsortfunc.go (Copyright The
// Go Authors, BSD-style licence: https://go.dev/LICENSE), reimplemented here because the row
// order is observable output; tests/unit/commands/istioctl/gosort.test.ts checks it against 240
// orders recorded from the real sort.Slice.

type Less = (i: number, j: number) => boolean;

interface Data {
	less: Less;
	swap(i: number, j: number): void;
}

function insertionSort(d: Data, a: number, b: number): void {
	for (let i = a + 1; i < b; i++) for (let j = i; j > a && d.less(j, j - 1); j--) d.swap(j, j - 1);
}

function siftDown(d: Data, lo: number, hi: number, first: number): void {
	let root = lo;
	for (;;) {
		let child = 2 * root + 1;
		if (child >= hi) return;
		if (child + 1 < hi && d.less(first + child, first + child + 1)) child++;
		if (!d.less(first + root, first + child)) return;
		d.swap(first + root, first + child);
		root = child;
	}
}

function heapSort(d: Data, a: number, b: number): void {
	const hi = b - a;
	for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) siftDown(d, i, hi, a);
	for (let i = hi - 1; i >= 0; i--) {
		d.swap(a, a + i);
		siftDown(d, 0, i, a);
	}
}

const bitLen = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x));

function breakPatterns(d: Data, a: number, b: number): void {
	const length = b - a;
	if (length < 8) return;
	const mask = (1n << 64n) - 1n;
	let r = BigInt(length);
	const modulus = BigInt(1 << bitLen(length));
	const first = a + Math.floor(length / 4) * 2 - 1;
	for (let idx = first; idx <= first + 2; idx++) {
		r ^= (r << 13n) & mask;
		r ^= r >> 17n;
		r ^= (r << 5n) & mask;
		let other = Number(r & (modulus - 1n));
		if (other >= length) other -= length;
		d.swap(idx, a + other);
	}
}

function order2(d: Data, a: number, b: number, swaps: { n: number }): [number, number] {
	if (d.less(b, a)) {
		swaps.n++;
		return [b, a];
	}
	return [a, b];
}

function median(d: Data, a: number, b: number, c: number, swaps: { n: number }): number {
	[a, b] = order2(d, a, b, swaps);
	[b, c] = order2(d, b, c, swaps);
	[a, b] = order2(d, a, b, swaps);
	void a;
	void c;
	return b;
}

const INCREASING = 1;
const DECREASING = 2;

function choosePivot(d: Data, a: number, b: number): [number, number] {
	const l = b - a;
	const swaps = { n: 0 };
	let i = a + Math.floor(l / 4) * 1;
	let j = a + Math.floor(l / 4) * 2;
	let k = a + Math.floor(l / 4) * 3;
	if (l >= 8) {
		if (l >= 50) {
			i = median(d, i - 1, i, i + 1, swaps);
			j = median(d, j - 1, j, j + 1, swaps);
			k = median(d, k - 1, k, k + 1, swaps);
		}
		j = median(d, i, j, k, swaps);
	}
	if (swaps.n === 0) return [j, INCREASING];
	if (swaps.n === 12) return [j, DECREASING];
	return [j, 0];
}

function reverseRange(d: Data, a: number, b: number): void {
	for (let i = a, j = b - 1; i < j; i++, j--) d.swap(i, j);
}

function partialInsertionSort(d: Data, a: number, b: number): boolean {
	let i = a + 1;
	for (let step = 0; step < 5; step++) {
		while (i < b && !d.less(i, i - 1)) i++;
		if (i === b) return true;
		if (b - a < 50) return false;
		d.swap(i, i - 1);
		if (i - a >= 2) {
			for (let j = i - 1; j >= 1; j--) {
				if (!d.less(j, j - 1)) break;
				d.swap(j, j - 1);
			}
		}
		if (b - i >= 2) {
			for (let j = i + 1; j < b; j++) {
				if (!d.less(j, j - 1)) break;
				d.swap(j, j - 1);
			}
		}
	}
	return false;
}

function partitionEqual(d: Data, a: number, b: number, pivot: number): number {
	d.swap(a, pivot);
	let i = a + 1;
	let j = b - 1;
	for (;;) {
		while (i <= j && !d.less(a, i)) i++;
		while (i <= j && d.less(a, j)) j--;
		if (i > j) break;
		d.swap(i, j);
		i++;
		j--;
	}
	return i;
}

function partition(d: Data, a: number, b: number, pivot: number): [number, boolean] {
	d.swap(a, pivot);
	let i = a + 1;
	let j = b - 1;
	while (i <= j && d.less(i, a)) i++;
	while (i <= j && !d.less(j, a)) j--;
	if (i > j) {
		d.swap(j, a);
		return [j, true];
	}
	d.swap(i, j);
	i++;
	j--;
	for (;;) {
		while (i <= j && d.less(i, a)) i++;
		while (i <= j && !d.less(j, a)) j--;
		if (i > j) break;
		d.swap(i, j);
		i++;
		j--;
	}
	d.swap(j, a);
	return [j, false];
}

function pdqsort(d: Data, a: number, b: number, limit: number): void {
	let wasBalanced = true;
	let wasPartitioned = true;
	for (;;) {
		const length = b - a;
		if (length <= 12) {
			insertionSort(d, a, b);
			return;
		}
		if (limit === 0) {
			heapSort(d, a, b);
			return;
		}
		if (!wasBalanced) {
			breakPatterns(d, a, b);
			limit--;
		}
		let [pivot, hint] = choosePivot(d, a, b);
		if (hint === DECREASING) {
			reverseRange(d, a, b);
			pivot = b - 1 - (pivot - a);
			hint = INCREASING;
		}
		if (wasBalanced && wasPartitioned && hint === INCREASING && partialInsertionSort(d, a, b)) return;
		if (a > 0 && !d.less(a - 1, pivot)) {
			a = partitionEqual(d, a, b, pivot);
			continue;
		}
		const [mid, already] = partition(d, a, b, pivot);
		wasPartitioned = already;
		const left = mid - a;
		const right = b - mid;
		const threshold = Math.floor(length / 8);
		if (left < right) {
			wasBalanced = left >= threshold;
			pdqsort(d, a, mid, limit);
			a = mid + 1;
		} else {
			wasBalanced = right >= threshold;
			pdqsort(d, mid + 1, b, limit);
			b = mid;
		}
	}
}

/** Sorts `items` in place exactly as Go's sort.Slice(items, less) would. */
export function goSortSlice<T>(items: T[], less: (x: T, y: T) => boolean): T[] {
	const d: Data = {
		less: (i, j) => less(items[i] as T, items[j] as T),
		swap: (i, j) => {
			const t = items[i] as T;
			items[i] = items[j] as T;
			items[j] = t;
		},
	};
	pdqsort(d, 0, items.length, bitLen(items.length));
	return items;
}
