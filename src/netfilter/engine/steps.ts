// The trace steps that move counters, made by ./chain.ts: a rule looked at, and a built-in
// chain's policy. They are class instances so that counting (./counters.ts) tells them from the
// many other kinds of step by their class, instead of reading `kind` from objects of a dozen
// shapes (a slow, megamorphic property load in V8, once per step of every packet). Their own
// properties are those of the TraceStep union (./types.ts), in the same order as object literals
// of it would have them.

import type { Rule } from '../types';
import type { Backend, Family, Hook, Table } from '../types';
import { ruleText } from './rule';
import type { Reason, RuleAction, RuleStep, TraceStep } from './types';

/** A rule step; its text is made from the rule the first time someone reads it. */
export class Step implements RuleStep {
	readonly kind = 'rule';
	readonly matched: boolean;
	constructor(
		readonly hook: Hook,
		readonly table: Table['name'],
		readonly backend: Backend,
		readonly family: Family,
		readonly chain: string,
		readonly depth: number,
		readonly ruleNumber: number,
		readonly rule: Rule,
		readonly reason: Reason | undefined,
		readonly action: RuleAction | undefined,
	) {
		this.matched = reason === undefined;
	}
	get text(): string {
		return ruleText(this.rule, this.family);
	}
}

type Policy = Extract<TraceStep, { kind: 'policy' }>;

/** Fell off the end of a built-in chain (or RETURNed from it): the policy applies. */
export class PolicyStep implements Policy {
	readonly kind = 'policy';
	readonly hook: Hook;
	readonly table: Table['name'];
	readonly backend: Backend;
	readonly family: Family;
	readonly chain: string;
	readonly depth: number;
	readonly policy: Policy['policy'];
	readonly counted: boolean;
	constructor(hook: Hook, table: Table['name'], backend: Backend, family: Family, chain: string, policy: Policy['policy'], counted: boolean) {
		this.hook = hook;
		this.table = table;
		this.backend = backend;
		this.family = family;
		this.chain = chain;
		this.depth = 0;
		this.policy = policy;
		this.counted = counted;
	}
}
