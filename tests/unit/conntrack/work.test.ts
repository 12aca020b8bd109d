// The engine changes conntrack tables and socket lists in place while it walks a run of packets
// (src/conntrack/work.ts, copySockets/pushSocket in src/netfilter/engine/sockets.ts). Whatever
// the operations, it must answer exactly as the pure operations do on the same values, and the
// values it hands out must never change afterwards.

import { describe, expect, it } from 'vitest';
import { findEntry, newEntry, putEntry, removeEntry, track, TCP_FLAGS } from '../../../src/conntrack';
import { EMPTY_TABLE, type ConntrackTable, type CtEntry, type Tuple } from '../../../src/conntrack/types';
import { WorkingTable } from '../../../src/conntrack/work';
import { copySockets, findEstablished, findListener, pushSocket } from '../../../src/netfilter/engine/sockets';
import type { Socket } from '../../../src/netfilter/engine/types';

const tuple = (n: number): Tuple => ({ family: 'ipv4', proto: 6, src: `10.0.${n >> 8}.${n & 255}`, dst: '10.244.1.5', sport: 30000 + (n % 700), dport: 9080 + (n % 3) });

/** A seeded sequence (a linear congruential generator): deterministic, readable failures. */
function* ops(seed: number, count: number): Generator<[number, number, number]> {
	let x = seed;
	const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
	for (let i = 0; i < count; i++) yield [next() >> 12, (next() >> 12) % 1000, (next() >> 12) % 10];
}

const syn = (id: number, n: number, now: number): CtEntry => track(newEntry(id, tuple(n), 0, now), 'original', TCP_FLAGS.SYN, 0, now).entry;

describe('working conntrack table', () => {
	it.each([1, 2, 3, 4])('answers like findEntry, putEntry and removeEntry (seed %i)', (seed) => {
		// A start table with entries (some expired, some sharing ports) and duplicate ids, which
		// only a hand-made table has: "first with that id" must still hold.
		let pure: ConntrackTable = EMPTY_TABLE;
		for (let n = 0; n < 40; n++) pure = putEntry(pure, syn(n + 1, n * 7, n % 5 === 0 ? -200_000 : 0));
		pure = { entries: [...pure.entries, { ...syn(3, 999, 0) }], nextId: 41 };
		const work = new WorkingTable(pure);
		const handedOut: [ConntrackTable, string][] = [];
		let time = 1;
		for (const [pick, n, op] of ops(seed, 800)) {
			time++;
			if (op < 4) {
				// A new connection: what conntrackStage does for a SYN that finds nothing.
				if (findEntry(pure, tuple(n), 0, time) === undefined) {
					const id = work.allocateId();
					expect(id).toBe(pure.nextId);
					pure = { ...pure, nextId: pure.nextId + 1 };
					const e = syn(id, n, time);
					work.put(e);
					pure = putEntry(pure, e);
				}
			} else if (op < 8 && pure.entries.length > 0) {
				const e = pure.entries[pick % pure.entries.length] as CtEntry;
				const changed = { ...e, mark: n, expires: time + 100_000 };
				work.put(changed);
				pure = putEntry(pure, changed);
			} else if (op === 8 && pure.entries.length > 0) {
				const id = (pure.entries[pick % pure.entries.length] as CtEntry).id;
				work.remove(id);
				pure = removeEntry(pure, id);
			} else {
				const v = work.value();
				expect(v.entries).toEqual(pure.entries);
				expect(v.nextId).toBe(pure.nextId);
				handedOut.push([v, JSON.stringify(v.entries)]);
			}
			for (const probe of [n, (n * 7) % 1000, pick % 300]) {
				const want = findEntry(pure, tuple(probe), 0, time);
				const got = work.find(tuple(probe), 0, time);
				expect(got?.entry).toBe(want?.entry);
				expect(got?.dir).toBe(want?.dir);
				const reply = want === undefined ? undefined : want.entry.reply;
				if (reply !== undefined) expect(work.find(reply, 0, time)?.entry).toBe(findEntry(pure, reply, 0, time)?.entry);
			}
			expect(work.entries).toEqual(pure.entries);
		}
		for (const [v, text] of handedOut) expect(JSON.stringify(v.entries)).toBe(text);
	});

	it('hands back the table it started from when nothing changed', () => {
		const t = putEntry(EMPTY_TABLE, syn(1, 1, 0));
		const work = new WorkingTable(t);
		work.put(t.entries[0] as CtEntry);
		expect(work.value()).toBe(t);
	});
});

describe('a run\'s own socket list', () => {
	const sock = (n: number): Socket => ({ kind: 'established', proto: 'tcp', local: { address: '10.244.1.5', port: 9000 + (n % 40) }, remote: { address: '10.244.1.6', port: 40000 + n }, owner: { uid: 0, gid: 0 } });
	const listener: Socket = { kind: 'listen', proto: 'tcp', local: { address: '0.0.0.0', port: 9001 }, owner: { uid: 0, gid: 0 } };

	it('grows in place while the list it was copied from keeps answering as before', () => {
		const base: Socket[] = [listener];
		for (let n = 0; n < 50; n++) base.push(sock(n));
		// Look the base up first, so it has an index for the copy to take along.
		expect(findEstablished(base, 'tcp', sock(3).local, sock(3).remote ?? sock(3).local)).toBe(base[4]);
		const run = copySockets(base);
		for (let n = 50; n < 300; n++) {
			pushSocket(run, sock(n));
			if (n % 37 === 0) pushSocket(run, { ...listener, local: { address: '10.244.1.5', port: 9001 } });
		}
		for (let n = 0; n < 300; n += 7) {
			const s = sock(n);
			const remote = s.remote ?? s.local;
			expect(findEstablished(run, 'tcp', s.local, remote)).toBe(run.find((x) => x.kind === 'established' && x.remote?.port === remote.port));
			expect(findEstablished(base, 'tcp', s.local, remote)).toBe(base.find((x) => x.kind === 'established' && x.remote?.port === remote.port));
		}
		expect(base).toHaveLength(51);
		expect(findListener(base, 'tcp', { address: '10.244.1.5', port: 9001 })).toBe(listener);
		expect(findListener(run, 'tcp', { address: '10.244.1.5', port: 9001 })).toBe(run.find((x) => x.kind === 'listen' && x.local.address === '10.244.1.5'));
	});
});
