// One hook for one packet: its stages in priority order (./stages.ts). Besides the tables this is
// where conntrack finds or creates the packet's entry, where NAT is decided (only for a NEW entry
// whose NAT for the hook's manipulation is not set up yet, nf_nat_inet_fn) and applied to every
// packet from the entry (nf_nat_packet), where OUTPUT re-routes after mangle or NAT changed the
// packet (ip_route_me_harder), and where new entries are confirmed.

import { invert, newEntry, tcpCanStart, track, withNat } from '../../conntrack';
import type { CtEntry, Direction, Tuple } from '../../conntrack/types';
import type { WorkingTable } from '../../conntrack/work';
import { route } from '../../netns/route';
import type { Netns } from '../../netns/types';
import { Hook, type NetfilterState, type Table } from '../types';
import { runTable, type EvalEnv, type Skb, type TableVerdict } from './chain';
import { BACKEND_ORDER, conntrackActive, manipAt, STAGES, type Stage } from './stages';
import { uniqueNat } from './nat';
import type { CtView, Endpoint, NatRequest, RouteSummary, Socket, TraceStep } from './types';

/** The packet's conntrack attachment (skb->_nfct and its ctinfo). */
export interface CtAttach {
	entry: CtEntry;
	dir: Direction;
	state: 'NEW' | 'ESTABLISHED' | 'RELATED';
	created: boolean;
	confirmed: boolean;
	killed: boolean;
}

/** Everything one packet's walk reads and updates. */
export interface Walk {
	readonly netns: Netns;
	readonly netfilter: NetfilterState;
	readonly sockets: readonly Socket[] | undefined;
	readonly tracking: boolean;
	readonly now: number;
	/** The injected random source (statistic, NAT port choice); undefined reads as 0. */
	readonly random: (() => number) | undefined;
	readonly plans: Plans;
	/** The run's table (connection.ts): the walk finds, creates and confirms entries in it. */
	readonly conntrack: WorkingTable;
	skb: Skb;
	ct: CtAttach | undefined;
	/** CT --notrack, or conntrack found the packet invalid. */
	untracked: 'notrack' | 'invalid' | undefined;
	steps: TraceStep[];
}

export type HookOutcome = { readonly kind: 'accept' } | (Exclude<TableVerdict, { kind: 'accept' } | { kind: 'nat' }> & { readonly table: Table['name'] });

const ACCEPTED = { kind: 'accept' } as const;

function ctView(w: Walk): CtView | undefined {
	if (w.untracked === 'notrack') return { state: 'UNTRACKED', mark: 0, dnat: false, snat: false, seenReply: false, assured: false, confirmed: false, proto: w.skb.proto };
	if (w.ct === undefined) return undefined;
	const e = w.ct.entry;
	return {
		state: w.ct.state,
		dir: w.ct.dir,
		mark: e.mark,
		dnat: e.dstNat,
		snat: e.srcNat,
		seenReply: e.seenReply,
		assured: e.assured,
		confirmed: w.ct.confirmed,
		proto: e.orig.proto,
	};
}

function tupleOf(skb: Skb): Tuple {
	return { family: skb.family, proto: skb.proto, src: skb.src, dst: skb.dst, sport: skb.sport, dport: skb.dport };
}

/** nf_conntrack_in: a looped-back packet keeps its entry; otherwise look up, or start, one. */
function conntrackStage(w: Walk, hook: Hook): void {
	if (!w.tracking) return;
	if (w.ct !== undefined || w.untracked !== undefined) {
		const s = w.untracked === 'notrack' ? 'UNTRACKED' : w.untracked === 'invalid' ? 'INVALID' : (w.ct?.state ?? 'INVALID');
		w.steps.push(w.ct ? { kind: 'conntrack', hook, state: s, dir: w.ct.dir, entry: w.ct.entry.id, created: false } : { kind: 'conntrack', hook, state: s, created: false });
		return;
	}
	if (w.skb.notrack) {
		w.untracked = 'notrack';
		w.steps.push({ kind: 'conntrack', hook, state: 'UNTRACKED', created: false });
		return;
	}
	const skb = w.skb;
	// The skb has every field of a tuple: looked up as it is, without making one.
	const found = w.conntrack.find(skb, skb.zone, w.now);
	let entry: CtEntry;
	let dir: Direction;
	let created = false;
	if (found === undefined) {
		if (skb.proto === 6 && !tcpCanStart(skb.flags)) {
			w.untracked = 'invalid';
			w.steps.push({ kind: 'conntrack', hook, state: 'INVALID', created: false });
			return;
		}
		entry = newEntry(w.conntrack.allocateId(), tupleOf(skb), skb.zone, w.now);
		dir = 'original';
		created = true;
	} else {
		entry = found.entry;
		dir = found.dir;
	}
	// resolve_normal_ct: the packet's ctinfo comes from the entry as it was before this packet.
	const state = dir === 'reply' || entry.seenReply ? 'ESTABLISHED' : 'NEW';
	const t = track(entry, dir, skb.flags, skb.payload, w.now);
	if (t.verdict === 'invalid') {
		w.untracked = 'invalid';
		w.steps.push({ kind: 'conntrack', hook, state: 'INVALID', dir, entry: entry.id, created: false });
		return;
	}
	w.ct = { entry: t.entry, dir, state, created, confirmed: !created, killed: t.verdict === 'kill' };
	if (t.verdict === 'kill') w.conntrack.remove(entry.id);
	w.steps.push({ kind: 'conntrack', hook, state, dir, entry: entry.id, created });
}

/** nf_nat_packet: rewrite the packet from the entry for this hook's manipulation and direction. */
function applyNat(w: Walk, hook: Hook, by: 'rule' | 'conntrack'): void {
	const ct = w.ct;
	if (ct === undefined) return;
	const manip = manipAt(hook);
	const e = ct.entry;
	// Original packets get the manipulation the entry records for them; replies get the inverse
	// one (a DNAT is undone on the source of replies, in POSTROUTING or INPUT).
	const wanted = ct.dir === 'original' ? (manip === 'dst' ? e.dstNat : e.srcNat) : manip === 'dst' ? e.srcNat : e.dstNat;
	if (!wanted) return;
	const target = ct.dir === 'original' ? e.reply : e.orig;
	const skb = w.skb;
	if (manip === 'dst') {
		if (skb.dst === target.src && skb.dport === target.sport) return;
		w.steps.push({ kind: 'rewrite', hook, manip, from: { address: skb.dst, port: skb.dport }, to: { address: target.src, port: target.sport }, by });
		skb.dst = target.src;
		skb.dport = target.sport;
	} else {
		if (skb.src === target.dst && skb.sport === target.dport) return;
		w.steps.push({ kind: 'rewrite', hook, manip, from: { address: skb.src, port: skb.sport }, to: { address: target.dst, port: target.dport }, by });
		skb.src = target.dst;
		skb.sport = target.dport;
	}
}

export type Placed = readonly { readonly table: Table; readonly backend: 'nft' | 'legacy' }[];

/** One hook's work: its stages in order, each table stage with the tables that exist for it. */
export type Plan = readonly (Stage | { readonly kind: 'tables'; readonly name: Table['name']; readonly tables: Placed })[];
export type Plans = Readonly<Record<Hook, Plan>> & {
	/** conntrackActive for the family: whether the walk tracks connections at all. */
	readonly tracking: boolean;
};

const PLANS = new WeakMap<NetfilterState, { ipv4?: Plans; ipv6?: Plans }>();
let lastState: NetfilterState | undefined;
let lastPlans: { ipv4?: Plans; ipv6?: Plans } | undefined;

/**
 * What runs at each hook for packets of a family, given the tables that exist (in every back
 * end, BACKEND_ORDER): STAGES with the absent tables left out. Cached per ruleset state.
 */
export function plansFor(nf: NetfilterState, family: 'ipv4' | 'ipv6'): Plans {
	// Connection after connection asks for the same ruleset's plans: the last answer goes first.
	let cached = nf === lastState ? lastPlans : PLANS.get(nf);
	if (cached === undefined) {
		cached = {};
		PLANS.set(nf, cached);
	}
	lastState = nf;
	lastPlans = cached;
	const hit = cached[family];
	if (hit !== undefined) return hit;
	const placed: Partial<Record<Table['name'], { table: Table; backend: 'nft' | 'legacy' }[]>> = {};
	for (const backend of BACKEND_ORDER) for (const table of nf[backend][family].tables) (placed[table.name] ??= []).push({ table, backend });
	const plan = (hook: Hook): Plan => {
		const out: Plan[number][] = [];
		for (const stage of STAGES[hook]) {
			if (stage.kind !== 'table') out.push(stage);
			else {
				const tables = placed[stage.table];
				if (tables !== undefined) out.push({ kind: 'tables', name: stage.table, tables });
			}
		}
		return out;
	};
	const plans: Plans = {
		[Hook.Prerouting]: plan(Hook.Prerouting),
		[Hook.Input]: plan(Hook.Input),
		[Hook.Forward]: plan(Hook.Forward),
		[Hook.Output]: plan(Hook.Output),
		[Hook.Postrouting]: plan(Hook.Postrouting),
		tracking: conntrackActive(nf, family),
	};
	cached[family] = plans;
	return plans;
}

function natStage(w: Walk, hook: Hook, tables: Placed, env: EvalEnv): { readonly kind: 'accept' } | Exclude<TableVerdict, { kind: 'accept' } | { kind: 'nat' }> {
	const manip = manipAt(hook);
	const ct = w.ct;
	if (ct === undefined) {
		w.steps.push({ kind: 'nat-skipped', hook, why: 'untracked' });
		return ACCEPTED;
	}
	const done = manip === 'dst' ? ct.entry.dstNatDone : ct.entry.srcNatDone;
	if (ct.state !== 'NEW' || done) {
		w.steps.push({ kind: 'nat-skipped', hook, why: ct.state !== 'NEW' ? 'not-new' : 'already-done' });
		applyNat(w, hook, 'conntrack');
		return ACCEPTED;
	}
	// Each nat table is asked in turn until one sets up the mapping; none: a null binding.
	for (const { table, backend } of tables) {
		const v = runTable(table, backend, w.skb.family, w.skb, env, w.steps);
		if (v.kind === 'nat') {
			ct.entry = withNat(ct.entry, v.manip, v.request === undefined ? v.to : natEndpoint(w, v.manip, v.to, v.request));
			applyNat(w, hook, 'rule');
			return ACCEPTED;
		}
		if (v.kind !== 'accept') return v;
	}
	ct.entry = withNat(ct.entry, manip, undefined);
	return ACCEPTED;
}

/**
 * A NAT target's endpoint made unique against the table (get_unique_tuple): the connection's
 * tuple as the manipulations so far left it is the inverse of its reply tuple.
 */
function natEndpoint(w: Walk, manip: 'dst' | 'src', to: Endpoint, request: NatRequest): Endpoint {
	const ct = w.ct as CtAttach;
	const zone = ct.entry.zone;
	return uniqueNat(invert(ct.entry.reply), manip, to, request, {
		taken: (t) => w.conntrack.find(t, zone, w.now) !== undefined,
		get entries() {
			return w.conntrack.entries;
		},
		zone,
		random: w.random,
	});
}

function reroute(w: Walk, hook: Hook): void {
	const r = route(w.netns, { dst: w.skb.dst, src: w.skb.src, mark: w.skb.mark });
	if (r.kind === 'unreachable') return;
	w.skb.outIface = r.dev;
	const result: RouteSummary = r.kind === 'unicast' && r.via ? { kind: r.kind, dev: r.dev, src: r.src, table: r.table, via: r.via } : { kind: r.kind, dev: r.dev, src: r.src, table: r.table };
	w.steps.push({ kind: 'route', hook, reroute: true, result });
}

export function runHook(w: Walk, hook: Hook): HookOutcome {
	const s = w.skb;
	w.steps.push({
		kind: 'hook',
		hook,
		packet: { family: s.family, proto: s.proto, src: s.src, dst: s.dst, sport: s.sport, dport: s.dport, flags: s.flags, length: s.length, payload: s.payload, mark: s.mark, inIface: s.inIface, outIface: s.outIface, owner: s.owner },
	});
	// What rules see of conntrack is made only when a table is about to run.
	let env: EvalEnv | undefined;
	for (const stage of w.plans[hook]) {
		if (stage.kind === 'conntrack') {
			conntrackStage(w, hook);
			env = undefined;
			continue;
		}
		if (stage.kind === 'confirm') {
			if (w.ct !== undefined && !w.ct.confirmed && !w.ct.killed) {
				w.ct.confirmed = true;
				w.conntrack.put(w.ct.entry);
				w.steps.push({ kind: 'confirm', hook, entry: w.ct.entry.id });
			}
			continue;
		}
		if (stage.kind !== 'tables') continue;
		if (stage.name === 'nat') {
			// Without a NEW entry needing NAT, the nat table is not consulted: no view to make.
			const ct = w.ct;
			const consult = ct !== undefined && ct.state === 'NEW' && !(manipAt(hook) === 'dst' ? ct.entry.dstNatDone : ct.entry.srcNatDone);
			if (consult) env ??= { hook, packet: s, netns: w.netns, sockets: w.sockets, ct: ctView(w), ctmark: w.ct?.entry.mark ?? 0, random: w.random };
			const before = s.dst;
			const v = natStage(w, hook, stage.tables, env as EvalEnv);
			if (v.kind !== 'accept') return { ...v, table: 'nat' };
			if (hook === Hook.Output && s.dst !== before) reroute(w, hook);
			continue;
		}
		const mark = s.mark;
		const dst = s.dst;
		const src = s.src;
		const e = (env ??= { hook, packet: s, netns: w.netns, sockets: w.sockets, ct: ctView(w), ctmark: w.ct?.entry.mark ?? 0, random: w.random });
		for (const { table, backend } of stage.tables) {
			const v = runTable(table, backend, s.family, s, e, w.steps);
			if (v.kind === 'nat') throw new Error('broken invariant: a NAT target outside the nat table');
			if (v.kind !== 'accept') return { ...v, table: stage.name };
		}
		if (w.ct !== undefined && e.ctmark !== w.ct.entry.mark) w.ct.entry = { ...w.ct.entry, mark: e.ctmark };
		// ipt_mangle_out: a changed mark or address in mangle OUTPUT means a new route.
		if (hook === Hook.Output && stage.name === 'mangle' && (mark !== s.mark || dst !== s.dst || src !== s.src)) reroute(w, hook);
	}
	return ACCEPTED;
}

/** Writes the packet's (confirmed) entry back to the table once the packet is done. */
export function finishWalk(w: Walk): void {
	if (w.ct !== undefined && w.ct.confirmed && !w.ct.killed) w.conntrack.put(w.ct.entry);
}
