// The conntrack table while the engine evaluates a run of packets (one connection's handshake, a
// burst of connections): mutable and private to that run, like the skb, and turned back into a
// ConntrackTable value when the run ends (value()). Copying the entries and scanning them for
// every packet, as the pure operations of ./table.ts must, were a large part of each packet's
// cost; here the run copies once and looks entries up through an index.
//
// Every answer is the one ./table.ts gives for the same table value: find is findEntry (first
// live entry in table order whose original, then reply, tuple is the packet's), put is putEntry
// (replace by id, else append), remove is removeEntry. tests/unit/conntrack/work.test.ts
// compares them.

import { sameTuple } from './table';
import type { ConntrackTable, CtEntry, Direction, Tuple } from './types';

/** A lookup key of a tuple's ports: equal tuples have equal keys; every candidate is checked. */
const portKey = (t: Tuple): number => (t.sport << 14) ^ t.dport;

/** Lookups before an index pays for itself: one connection's few packets scan faster. */
const SCANS_BEFORE_INDEX = 4;

export class WorkingTable {
	private rows: readonly CtEntry[];
	/** Whether `rows` is this run's own copy, appended to and replaced in place. */
	private owned = false;
	private changed = false;
	private next: number;
	/** Port key -> positions in ascending order, once looked up often enough. */
	private byPorts: Map<number, number[]> | undefined;
	/** id -> position of the first entry with that id. */
	private byId: Map<number, number> | undefined;
	private scans = 0;

	constructor(private readonly base: ConntrackTable) {
		this.rows = base.entries;
		this.next = base.nextId;
	}

	/** The entries as they are now, in table order. */
	get entries(): readonly CtEntry[] {
		return this.rows;
	}

	/** The entry a packet with this tuple belongs to, and in which direction (findEntry). */
	find(tuple: Tuple, zone: number, now: number): { entry: CtEntry; dir: Direction } | undefined {
		const entries = this.rows;
		if (this.byPorts === undefined && ++this.scans > SCANS_BEFORE_INDEX) this.byPorts = portIndex(entries);
		if (this.byPorts === undefined) {
			for (let i = 0; i < entries.length; i++) {
				const hit = match(entries[i] as CtEntry, tuple, zone, now);
				if (hit !== undefined) return hit;
			}
			return undefined;
		}
		const at = this.byPorts.get(portKey(tuple));
		if (at === undefined) return undefined;
		for (let k = 0; k < at.length; k++) {
			const hit = match(entries[at[k] as number] as CtEntry, tuple, zone, now);
			if (hit !== undefined) return hit;
		}
		return undefined;
	}

	/** The stored version of entry `id`, if the table has it. */
	get(id: number): CtEntry | undefined {
		const at = this.positionOf(id);
		return at === undefined ? undefined : this.rows[at];
	}

	/** An id for a new entry (the table's nextId, then one more). */
	allocateId(): number {
		this.changed = true;
		return this.next++;
	}

	/** Inserts a confirmed entry, or replaces the stored version of one (putEntry). */
	put(entry: CtEntry): void {
		const at = this.positionOf(entry.id);
		if (at !== undefined && this.rows[at] === entry) return;
		const entries = this.own();
		if (at === undefined) {
			const pos = entries.length;
			entries.push(entry);
			this.byId?.set(entry.id, pos);
			if (this.byPorts !== undefined) {
				addPosition(this.byPorts, entry.orig, pos);
				addPosition(this.byPorts, entry.reply, pos);
			}
			if (entry.id + 1 > this.next) this.next = entry.id + 1;
			return;
		}
		const old = entries[at] as CtEntry;
		entries[at] = entry;
		// Tuples do not change once an entry is confirmed; if they did, the index is rebuilt.
		if (old.orig !== entry.orig || old.reply !== entry.reply) this.byPorts = undefined;
	}

	/** Drops entry `id` (removeEntry). */
	remove(id: number): void {
		this.rows = this.rows.filter((e) => e.id !== id);
		this.owned = true;
		this.changed = true;
		this.byPorts = undefined;
		this.byId = undefined;
	}

	/** The table as a value. The run must not change it afterwards without copying again. */
	value(): ConntrackTable {
		if (!this.changed) return this.base;
		this.owned = false;
		return { entries: this.rows, nextId: this.next };
	}

	private own(): CtEntry[] {
		this.changed = true;
		if (!this.owned) {
			this.rows = this.rows.slice();
			this.owned = true;
		}
		return this.rows as CtEntry[];
	}

	private positionOf(id: number): number | undefined {
		if (this.byId === undefined) {
			const byId = new Map<number, number>();
			const entries = this.rows;
			for (let i = 0; i < entries.length; i++) {
				const e = entries[i] as CtEntry;
				if (!byId.has(e.id)) byId.set(e.id, i);
			}
			this.byId = byId;
		}
		return this.byId.get(id);
	}
}

function match(e: CtEntry, tuple: Tuple, zone: number, now: number): { entry: CtEntry; dir: Direction } | undefined {
	if (e.zone !== zone || e.expires <= now) return undefined;
	if (sameTuple(e.orig, tuple)) return { entry: e, dir: 'original' };
	if (sameTuple(e.reply, tuple)) return { entry: e, dir: 'reply' };
	return undefined;
}

function addPosition(map: Map<number, number[]>, t: Tuple, pos: number): void {
	const key = portKey(t);
	const list = map.get(key);
	if (list === undefined) map.set(key, [pos]);
	else if (list[list.length - 1] !== pos) list.push(pos);
}

function portIndex(entries: readonly CtEntry[]): Map<number, number[]> {
	const map = new Map<number, number[]>();
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i] as CtEntry;
		addPosition(map, e.orig, i);
		addPosition(map, e.reply, i);
	}
	return map;
}
