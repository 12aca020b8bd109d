// A packet trace as text for learners: each hook as a heading, each table and chain with its
// rules (`rule N: <iptables -S text>` and why it matched or not), jumps indented, rewrites and
// routing decisions where they happen, and where the packet ends up.

import type { Endpoint, Fate, PacketTrace, Reason, RuleStep, TraceStep } from '../../netfilter/engine/types';
import { MESSAGES, msg, type MessageKey, type TraceLang } from './messages';

const ep = (e: Endpoint): string => `${e.address}:${e.port}`;
const pad = (n: number): string => ' '.repeat(n);
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const PROTO: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };

export function reasonText(lang: TraceLang, r: Reason): string {
	const vars = { actual: r.code === 'proto' || r.code === 'ctproto' ? (PROTO[r.actual] ?? r.actual) : r.actual, spec: r.code === 'proto' || r.code === 'ctproto' ? (PROTO[r.spec] ?? r.spec) : r.spec };
	if (r.code === 'socket') return msg(lang, `reason.socket.${r.actual === 'wildcard' ? 'wildcard' : r.actual === 'not-transparent' ? 'not-transparent' : 'none'}`, vars);
	if ((r.code === 'in' || r.code === 'out') && r.actual === '' && !r.invert) return msg(lang, `reason.${r.code}.none`, vars);
	if (r.code === 'ctdir') vars.actual = msg(lang, r.actual === 'REPLY' ? 'dir.reply' : 'dir.original');
	const inverted = `reason.${r.code}.not` as MessageKey;
	return msg(lang, r.invert && inverted in MESSAGES.en ? inverted : (`reason.${r.code}` as MessageKey), vars);
}

function ruleResult(lang: TraceLang, s: RuleStep, caller: string | undefined): string {
	if (!s.matched) return msg(lang, 'rule.no-match', { reason: s.reason ? reasonText(lang, s.reason) : '' });
	const a = s.action;
	switch (a?.kind) {
		case undefined:
		case 'count':
			return msg(lang, 'rule.matched.count');
		case 'accept':
			return msg(lang, 'rule.matched.accept');
		case 'drop':
			return msg(lang, 'rule.matched.drop');
		case 'return':
			return caller === undefined ? msg(lang, 'rule.matched.return-builtin', { chain: s.hook }) : msg(lang, 'rule.matched.return', { chain: caller });
		case 'jump':
			return msg(lang, 'rule.matched.jump', { chain: a.chain });
		case 'goto':
			return msg(lang, 'rule.matched.goto', { chain: a.chain });
		case 'target': {
			const r = a.result;
			if (r.kind === 'nat') return msg(lang, 'rule.matched.redirect', { to: ep(r.to) });
			if (r.kind === 'reject') return msg(lang, 'rule.matched.reject', { with: r.with });
			if (r.kind === 'drop') return msg(lang, 'rule.matched.target-drop', { target: a.name, why: msg(lang, `why.${r.why}`) });
			const e = r.effect;
			if (r.kind === 'accept' && e?.socket !== undefined) {
				const sock = e.socket === 'assumed' ? msg(lang, 'socket.transparent') : msg(lang, 'socket.named', { name: e.socket.name ?? ep(e.socket.local), bound: ep(e.socket.local) });
				return msg(lang, 'rule.matched.tproxy', { socket: sock, mark: hex(e.mark ?? 0) });
			}
			if (e?.notrack) return msg(lang, 'rule.matched.notrack');
			if (e?.zone !== undefined) return msg(lang, 'rule.matched.zone', { zone: e.zone });
			if (e?.ctmark !== undefined) return msg(lang, 'rule.matched.ctmark', { mark: hex(e.ctmark) });
			if (e?.mark !== undefined) return msg(lang, a.name === 'CONNMARK' ? 'rule.matched.restore' : 'rule.matched.mark', { mark: hex(e.mark) });
			if (e?.log !== undefined) return msg(lang, 'rule.matched.log', { target: a.name });
			return msg(lang, 'rule.matched.continue', { target: a.name });
		}
	}
}

/** The lines of one packet's steps. */
export function stepLines(lang: TraceLang, trace: PacketTrace): string[] {
	const out: string[] = [];
	const mixed = trace.steps.some((s) => 'backend' in s && s.backend === 'nft') && trace.steps.some((s) => 'backend' in s && s.backend === 'legacy');
	let table = '';
	const callers: string[] = [];
	const created = new Set<number>();
	const tableHeader = (s: Extract<TraceStep, { table: string }>): void => {
		const k = `${s.hook}/${s.table}/${s.backend}`;
		if (k === table) return;
		table = k;
		callers.length = 0;
		out.push(`${pad(2)}${msg(lang, 'chain.builtin', { table: s.table, chain: s.hook })}${mixed ? ` (${s.backend})` : ''}`);
	};
	for (const s of trace.steps) {
		switch (s.kind) {
			case 'hook':
				table = '';
				out.push(msg(lang, `hook.${s.hook}`, { in: s.packet.inIface ?? '?', out: s.packet.outIface ?? '?' }));
				break;
			case 'rule': {
				tableHeader(s);
				const ind = 4 + 2 * s.depth;
				out.push(`${pad(ind)}${msg(lang, 'rule', { n: s.ruleNumber, text: s.text })}`);
				out.push(`${pad(ind + 2)}${ruleResult(lang, s, callers[s.depth - 1])}`);
				if (s.matched && (s.action?.kind === 'jump' || s.action?.kind === 'goto')) {
					if (s.action.kind === 'jump') callers[s.depth] = s.chain;
					out.push(`${pad(ind + 2)}${msg(lang, 'chain.user', { chain: s.action.chain })}`);
				}
				break;
			}
			case 'end':
				out.push(`${pad(4 + 2 * s.depth)}${msg(lang, 'end', { chain: s.chain, to: s.returnTo })}`);
				break;
			case 'policy':
				tableHeader(s);
				out.push(`${pad(4)}${msg(lang, 'policy', { chain: s.chain, policy: s.policy })}`);
				break;
			case 'loop':
				out.push(`${pad(4 + 2 * s.depth)}${msg(lang, 'loop', { limit: s.limit })}`);
				break;
			case 'conntrack': {
				let key: MessageKey = 'conntrack.known';
				if (s.state === 'UNTRACKED') key = 'conntrack.untracked';
				else if (s.state === 'INVALID') key = 'conntrack.invalid';
				else if (s.created) key = 'conntrack.new';
				else if (s.entry !== undefined && created.has(s.entry)) key = 'conntrack.attached';
				if (s.created && s.entry !== undefined) created.add(s.entry);
				out.push(`${pad(2)}${msg(lang, key, { entry: s.entry ?? '', state: s.state, dir: msg(lang, s.dir === 'reply' ? 'dir.reply' : 'dir.original') })}`);
				break;
			}
			case 'confirm':
				out.push(`${pad(2)}${msg(lang, 'conntrack.confirm', { entry: s.entry })}`);
				break;
			case 'nat-skipped': {
				table = '';
				// "already done" on a connection this trace opened means the packet went out and came
				// back in (lo); on an older connection, an earlier packet of it (a retransmitted SYN).
				const key: MessageKey = s.why === 'already-done' && created.size === 0 ? 'nat.skipped.already-done-earlier' : `nat.skipped.${s.why}`;
				out.push(`${pad(2)}${msg(lang, key, { hook: s.hook })}`);
				break;
			}
			case 'rewrite':
				out.push(`${pad(2)}${msg(lang, `rewrite.${s.manip}.${s.by}`, { from: ep(s.from), to: ep(s.to) })}`);
				break;
			case 'route':
				out.push(...routeLine(lang, s, trace));
				break;
			case 'loopback':
				out.push(msg(lang, 'loopback'));
				break;
		}
	}
	return out;
}

function routeLine(lang: TraceLang, s: Extract<TraceStep, { kind: 'route' }>, trace: PacketTrace): string[] {
	const r = s.result;
	const last = [...trace.steps].slice(0, trace.steps.indexOf(s)).reverse().find((x) => x.kind === 'hook');
	const pkt = last?.kind === 'hook' ? last.packet : trace.steps.find((x) => x.kind === 'hook')?.packet;
	const dstOf = (): string => {
		// The destination at this point: the latest rewrite, else the packet's.
		const before = trace.steps.slice(0, trace.steps.indexOf(s)).reverse().find((x) => x.kind === 'rewrite' && x.manip === 'dst');
		return before?.kind === 'rewrite' ? before.to.address : (pkt?.dst ?? trace.steps.map((x) => (x.kind === 'hook' ? x.packet.dst : '')).find((d) => d !== '') ?? '');
	};
	const vars = { dst: dstOf(), dev: r.dev ?? '', via: r.via ?? '', src: r.src ?? '', table: r.table ?? '', mark: hex(pkt?.mark ?? 0) };
	if (s.reroute) return [`${pad(2)}${msg(lang, r.kind === 'local' ? 'route.reroute.local' : 'route.reroute.unicast', vars)}`];
	if (s.hook === 'output') {
		if (r.kind === 'unreachable') return [msg(lang, 'route.output.unreachable', vars)];
		if (r.kind === 'local') return [msg(lang, 'route.output.local', vars)];
		return [msg(lang, r.via ? 'route.output.unicast' : 'route.output.direct', vars)];
	}
	if (r.kind === 'forward') return [msg(lang, 'route.input.forward', vars)];
	if (r.kind === 'unreachable') return [msg(lang, 'route.input.unreachable', vars)];
	return [msg(lang, r.table !== undefined && r.table !== 255 && r.table !== 254 ? 'route.input.table' : 'route.input.local', vars)];
}

/** Where the packet ended, with the socket that took it. */
export function fateLines(lang: TraceLang, fate: Fate, trace: PacketTrace, originalDst: Endpoint | undefined): string[] {
	switch (fate.kind) {
		case 'delivered': {
			const local = ep(fate.local);
			const tproxied = trace.steps.some((s) => s.kind === 'rule' && s.action?.kind === 'target' && s.action.name === 'TPROXY' && s.action.result.kind === 'accept');
			const orig = originalDst === undefined ? undefined : ep(originalDst);
			let first = msg(lang, 'fate.delivered', { local });
			if (tproxied) first = msg(lang, 'fate.delivered.tproxy', { local, orig: orig ?? local });
			else if (orig !== undefined && orig !== local) first = msg(lang, 'fate.delivered.nat', { local, orig });
			const sock = fate.socket === 'assumed' ? msg(lang, 'fate.socket.assumed') : msg(lang, 'fate.socket', { name: fate.socket.name ?? '?', bound: ep(fate.socket.local), uid: fate.socket.owner.uid });
			return [first, sock];
		}
		case 'egress':
			return [msg(lang, 'fate.egress', { dev: fate.dev, next: fate.nextHop, src: `${fate.packet.src}:${fate.packet.sport}`, dst: `${fate.packet.dst}:${fate.packet.dport}` })];
		case 'rejected':
			return [msg(lang, 'fate.rejected', { table: fate.table, chain: fate.chain, n: fate.ruleNumber, with: fate.with })];
		case 'refused':
			return [msg(lang, trace.steps.some((s) => s.kind === 'hook' && s.packet.proto === 17) ? 'fate.refused.udp' : 'fate.refused.tcp', { local: ep(fate.local) })];
		case 'dropped': {
			const dst = trace.steps.find((s) => s.kind === 'hook')?.packet.dst ?? '';
			const vars = { table: fate.table ?? '', chain: fate.chain ?? '', n: fate.ruleNumber ?? '', dst };
			return [msg(lang, `fate.dropped.${fate.why}`, vars)];
		}
	}
}
