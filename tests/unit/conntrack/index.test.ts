// The lookup indexes of large conntrack tables and socket lists are shared between versions
// (./table.ts, ../../../src/netfilter/engine/sockets.ts). Whatever order versions are derived in,
// including appending to old versions again, lookups must answer exactly as a plain search does.

import { describe, expect, it } from 'vitest';
import { findEntry, newEntry, putEntry, removeEntry, sameTuple, track, TCP_FLAGS } from '../../../src/conntrack';
import { EMPTY_TABLE, type ConntrackTable, type Tuple } from '../../../src/conntrack/types';
import { addSocket, findEstablished, findListener, removeSockets } from '../../../src/netfilter/engine/sockets';
import type { Socket } from '../../../src/netfilter/engine/types';

const tuple = (n: number): Tuple => ({ family: 'ipv4', proto: 6, src: `10.0.${n >> 8}.${n & 255}`, dst: '10.244.1.5', sport: 30000 + (n % 5000), dport: 9080 + (n % 3) });

function plainFind(t: ConntrackTable, tup: Tuple): number | undefined {
	return t.entries.find((e) => sameTuple(e.orig, tup) || sameTuple(e.reply, tup))?.id;
}

/** A seeded sequence of operations (a linear congruential generator): deterministic, no fast-check
 * shrinking needed to read a failure. */
function* ops(seed: number, count: number): Generator<[number, number, number]> {
	let x = seed;
	const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
	for (let i = 0; i < count; i++) yield [next() >> 12, (next() >> 12) % 1000, (next() >> 12) % 10];
}

describe('conntrack index', () => {
	it.each([1, 2, 3, 4, 5])('answers like a plain search across branching versions (seed %i)', (seed) => {
		const versions: ConntrackTable[] = [EMPTY_TABLE];
		let tip = EMPTY_TABLE;
		let id = 1;
		let largest = 0;
		for (const [pick, n, op] of ops(seed, 1500)) {
			// Mostly grow the tip; now and then derive from an old version (a branch).
			const branch = pick % 8 === 0;
			const base = branch ? (versions[pick % versions.length] ?? EMPTY_TABLE) : tip;
			let next = base;
			if (op < 7 && plainFind(base, tuple(n)) === undefined) next = putEntry(base, track(newEntry(id++, tuple(n), 0, 0), 'original', TCP_FLAGS.SYN, 0, 0).entry);
			else if (op < 9 && base.entries.length > 0) {
				const e = base.entries[n % base.entries.length];
				if (e) next = putEntry(base, { ...e, mark: n });
			} else if (base.entries.length > 0) next = removeEntry(base, base.entries[n % base.entries.length]?.id ?? 0);
			versions.push(next);
			if (!branch) tip = next;
			largest = Math.max(largest, next.entries.length);
		}
		expect(largest).toBeGreaterThan(300);
		for (const v of [...versions.slice(-20), ...versions.filter((_, i) => i % 97 === 0)]) {
			for (let n = 0; n < 1000; n += 3) expect(findEntry(v, tuple(n), 0, 1)?.entry.id).toBe(plainFind(v, tuple(n)));
		}
	});
});

describe('socket index', () => {
	const sock = (n: number): Socket => ({ kind: 'established', proto: 'tcp', local: { address: '10.244.1.5', port: 9000 + (n % 50) }, remote: { address: '10.244.1.6', port: 40000 + n }, owner: { uid: 0, gid: 0 } });
	const listener: Socket = { kind: 'listen', proto: 'tcp', local: { address: '0.0.0.0', port: 9001 }, owner: { uid: 0, gid: 0 } };
	it.each([1, 2, 3])('answers like a plain search across branching versions (seed %i)', (seed) => {
		const versions: (readonly Socket[])[] = [[listener]];
		let tip: readonly Socket[] = [listener];
		let largest = 0;
		for (const [pick, n, op] of ops(seed, 600)) {
			const branch = pick % 8 === 0;
			const base = branch ? (versions[pick % versions.length] ?? tip) : tip;
			const gone = base[n % base.length];
			const next = op < 8 || gone === undefined ? (addSocket(base, sock(n)) ?? base) : (removeSockets(base, [gone]) ?? base);
			versions.push(next);
			if (!branch) tip = next;
			largest = Math.max(largest, next.length);
		}
		expect(largest).toBeGreaterThan(100);
		for (const v of [...versions.slice(-20), ...versions.filter((_, i) => i % 41 === 0)]) {
			for (let n = 0; n < 1000; n += 3) {
				const want = v.find((s) => s.kind === 'established' && s.local.port === 9000 + (n % 50) && s.remote?.port === 40000 + n);
				expect(findEstablished(v, 'tcp', { address: '10.244.1.5', port: 9000 + (n % 50) }, { address: '10.244.1.6', port: 40000 + n })).toBe(want);
			}
			expect(findListener(v, 'tcp', { address: '10.244.1.5', port: 9001 })).toBe(v.includes(listener) ? listener : undefined);
		}
	});
});
