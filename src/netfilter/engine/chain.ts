// One table at one hook: start at the built-in chain of the hook's name and walk its rules with a
// jump stack, as ipt_do_table (x_tables) and nft_do_chain (nf_tables) do:
//   -j CHAIN pushes the current position; -g CHAIN does not;
//   RETURN, or falling off the end of a user chain, pops back to the rule after the jump;
//   RETURN in, or falling off, the built-in chain applies its policy.
// Target side effects (MARK, CONNMARK, CT, TPROXY's socket) are applied to the working packet at
// once, so later rules see them, as in the kernel.

import { BUILTIN_CHAINS, type Backend, type Chain, type Family, type Hook, type Table } from '../types';
import { compiledTable } from './compiled';
import { matchRule, type CompiledRule } from './rule';
import { PolicyStep, Step } from './steps';
import { NFT_JUMP_STACK_SIZE } from './stages';
import type { CtView, Effect, Endpoint, NatRequest, RuleAction, Socket, SocketOwner, TargetResult, TraceStep } from './types';

const COUNT: RuleAction = { kind: 'count' };
const ACCEPT: RuleAction = { kind: 'accept' };
const DROP: RuleAction = { kind: 'drop' };
const RETURN: RuleAction = { kind: 'return' };
import type { Netns } from '../../netns/types';

/**
 * The working packet (the skb): mutable while one packet is evaluated, never shared. Every field
 * is always present (undefined when unset) so all packets share one object shape.
 */
export interface Skb {
	family: Family;
	proto: number;
	src: string;
	dst: string;
	sport: number;
	dport: number;
	flags: number;
	length: number;
	payload: number;
	mark: number;
	inIface: string | undefined;
	outIface: string | undefined;
	owner: SocketOwner | undefined;
	/** Set by CT in raw. */
	zone: number;
	notrack: boolean;
	/** Assigned by TPROXY. */
	socket: Socket | 'assumed' | undefined;
}

/** What matches and targets see (a TargetContext); `ct` and `ctmark` are updated by CONNMARK. */
export interface EvalEnv {
	hook: Hook;
	packet: Skb;
	netns: Netns;
	sockets: readonly Socket[] | undefined;
	ct: CtView | undefined;
	ctmark: number;
	random: (() => number) | undefined;
}

export type TableVerdict =
	| { readonly kind: 'accept' }
	| { readonly kind: 'drop'; readonly why: 'rule' | 'policy' | 'loop' | 'no-socket' | 'no-address'; readonly chain: string; readonly ruleNumber?: number }
	| { readonly kind: 'reject'; readonly with: string; readonly chain: string; readonly ruleNumber: number }
	| { readonly kind: 'nat'; readonly manip: 'dst' | 'src'; readonly to: Endpoint; readonly request: NatRequest | undefined };

/** Whether a base chain's policy counter moves (kernel-notes.md facts 3, and the nft note below). */
function policyCounted(backend: Backend, table: Table, chain: Chain): boolean {
	// x_tables counts every packet that reaches the policy. nf_tables keeps base chain counters
	// only for chains created with NFTA_CHAIN_COUNTERS (iptables-nft sends them for a restore
	// declaration `:CHAIN POLICY [p:b]`, -P and -Z; a chain created implicitly by -A or a restore
	// that does not declare it has none). nat chains are no exception: kube-proxy's restore
	// declares them and the kernel counts their policies (tests/conformance/recordings/kube-proxy,
	// nat POSTROUTING [6:360]; Linux 6.18, iptables 1.8.9). They only looked exempt where no NAT
	// target made nf_tables track connections: untracked packets never reach nat chains.
	if (backend === 'legacy') return true;
	return chain.nftCounters === true;
}

function applyEffect(skb: Skb, env: EvalEnv, effect: Effect | undefined): void {
	if (effect === undefined) return;
	if (effect.mark !== undefined) skb.mark = effect.mark;
	if (effect.zone !== undefined) skb.zone = effect.zone;
	if (effect.notrack) skb.notrack = true;
	if (effect.socket !== undefined) skb.socket = effect.socket;
	if (effect.ctmark !== undefined && env.ct !== undefined) {
		env.ctmark = effect.ctmark;
		env.ct = { ...env.ct, mark: effect.ctmark };
	}
}

/** Where the chain named `name` sits in the table (-1: nowhere). */
function chainAt(table: Table, name: string): number {
	const chains = table.chains;
	for (let i = 0; i < chains.length; i++) if ((chains[i] as Chain).name === name) return i;
	return -1;
}

function userChains(table: Table): number {
	let n = 0;
	for (const c of table.chains) if (c.policy === undefined) n++;
	return n;
}

const ACCEPTED: TableVerdict = { kind: 'accept' };

/**
 * The jump stack: where the chains jumped from sit in the table and the rule that jumped,
 * innermost last. runTable is never re-entered (no match or target runs a table), so every call
 * shares these two arrays, from position 0, instead of making a pair per table per packet.
 */
const fromChains: number[] = [];
const fromRules: number[] = [];

export function runTable(table: Table, backend: Backend, family: Family, skb: Skb, env: EvalEnv, steps: TraceStep[]): TableVerdict {
	const hook = env.hook;
	// Built-in chains come first, in BUILTIN_CHAINS order (ruleset.ts newTable).
	const builtin = BUILTIN_CHAINS[table.name].indexOf(hook);
	const baseAt = builtin >= 0 && table.chains[builtin]?.name === hook ? builtin : chainAt(table, hook);
	const base = table.chains[baseAt];
	if (base === undefined) return ACCEPTED;
	const tname = table.name;
	const compiled = compiledTable(table, family);
	let depth = 0;
	// The current chain: its position, rules, name and compiled rules, read once per chain entered.
	let at = baseAt;
	let rules = base.rules;
	let name = base.name;
	let code = compiled.rules(table, at);
	let i = 0;
	for (;;) {
		const rule = rules[i];
		let returning = false;
		if (rule === undefined) {
			if (depth === 0) returning = true;
			else {
				depth--;
				const back = table.chains[fromChains[depth] as number] as Chain;
				steps.push({ kind: 'end', hook, table: tname, backend, family, chain: name, depth: depth + 1, returnTo: back.name });
				at = fromChains[depth] as number;
				code = compiled.rules(table, at);
				rules = back.rules;
				name = back.name;
				i = (fromRules[depth] as number) + 1;
				continue;
			}
		} else {
			const c = code[i] as CompiledRule;
			const reason = matchRule(c, family, env);
			if (reason !== undefined) {
				steps.push(new Step(hook, tname, backend, family, name, depth, i + 1, rule, reason, undefined));
				i++;
				continue;
			}
			const t = c.target;
			if (t === undefined) {
				steps.push(new Step(hook, tname, backend, family, name, depth, i + 1, rule, undefined, COUNT));
				i++;
				continue;
			}
			if (t.kind === 'verdict') {
				steps.push(new Step(hook, tname, backend, family, name, depth, i + 1, rule, undefined, t.verdict === 'ACCEPT' ? ACCEPT : t.verdict === 'DROP' ? DROP : RETURN));
				if (t.verdict === 'ACCEPT') return ACCEPTED;
				if (t.verdict === 'DROP') return { kind: 'drop', why: 'rule', chain: name, ruleNumber: i + 1 };
				if (depth === 0) returning = true;
				else {
					depth--;
					at = fromChains[depth] as number;
					const back = table.chains[at] as Chain;
					code = compiled.rules(table, at);
					rules = back.rules;
					name = back.name;
					i = (fromRules[depth] as number) + 1;
					continue;
				}
			} else if (t.kind === 'jump') {
				steps.push(new Step(hook, tname, backend, family, name, depth, i + 1, rule, undefined, c.jump));
				const next = table.chains[c.jumpTo];
				if (next === undefined) throw new Error(`broken invariant: ${table.name} rule jumps to missing chain ${t.chain}`);
				if (!t.goto) {
					const limit = backend === 'nft' ? NFT_JUMP_STACK_SIZE : userChains(table);
					if (depth >= limit) {
						steps.push({ kind: 'loop', hook, table: tname, backend, family, chain: name, depth, limit });
						return { kind: 'drop', why: 'loop', chain: name, ruleNumber: i + 1 };
					}
					fromChains[depth] = at;
					fromRules[depth] = i;
					depth++;
				}
				at = c.jumpTo;
				code = compiled.rules(table, at);
				rules = next.rules;
				name = next.name;
				i = 0;
				continue;
			} else {
				const result: TargetResult = c.targetExt?.verdict?.(t.data, env) ?? { kind: 'continue' };
				steps.push(new Step(hook, tname, backend, family, name, depth, i + 1, rule, undefined, { kind: 'target', name: t.name, result }));
				switch (result.kind) {
					case 'continue':
						applyEffect(skb, env, result.effect);
						i++;
						continue;
					case 'accept':
						applyEffect(skb, env, result.effect);
						return ACCEPTED;
					case 'drop':
						return { kind: 'drop', why: result.why, chain: name, ruleNumber: i + 1 };
					case 'reject':
						return { kind: 'reject', with: result.with, chain: name, ruleNumber: i + 1 };
					case 'nat':
						return { kind: 'nat', manip: result.manip, to: result.to, request: result.request };
				}
			}
		}
		if (returning) {
			// Off the end of, or RETURN from, the built-in chain: its policy decides.
			const p = base.policy ?? 'ACCEPT';
			steps.push(new PolicyStep(hook, tname, backend, family, base.name, p, policyCounted(backend, table, base)));
			return p === 'ACCEPT' ? ACCEPTED : { kind: 'drop', why: 'policy', chain: base.name };
		}
	}
}
