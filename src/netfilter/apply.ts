// Carries out one parsed iptables command on a Ruleset: the part shared by `iptables ...` and each
// rule line of iptables-restore. Returns the listing it prints (if any) and the new ruleset.

import type { CommandLine } from './cmdline';
import { fail, kernel, ok, param, type XtResult } from './errors';
import type { NameResolver } from './names';
import { listTable, ruleRow, type ListOptions } from './render-list';
import { sameRule } from './render-rule';
import { listRules } from './render-save';
import {
	appendRule, deleteAllUserChains, listingOrder, deleteChain, deleteRuleAt, findChain, findRule, findTable, flushChain, insertRule,
	newChain, NO_SUCH, putTable, renameChain, replaceRuleAt, setPolicy, tableOrEmpty, zeroCounters,
} from './ruleset';
import { invalidRules } from './validate';
import { ALL_TABLES, type Policy, type Rule, type Ruleset, type Table, type TableName } from './types';

export interface ApplyOptions {
	readonly resolver: NameResolver;
	/** iptables-restore defers nf_tables' jump checks to COMMIT; it passes this to collect them. */
	readonly deferJumpCheck?: (chain: string) => void;
}

export interface Applied {
	readonly stdout: string;
	readonly ruleset: Ruleset;
}

/** Commands that never create a missing nf_tables table (they only read, or have nothing to do). */
const NON_CREATING = new Set(['L', 'S', 'F', 'Z', 'X', 'C', 'D']);

const RULE_OPS: Readonly<Record<string, string>> = { A: 'RULE_APPEND', I: 'RULE_INSERT', R: 'RULE_REPLACE' };

export function isTableName(name: string): name is TableName {
	return (ALL_TABLES as readonly string[]).includes(name);
}

/**
 * nf_tables has no tcp/udp match: iptables-nft turns their options into payload expressions and
 * reads them back as one match, so `-m tcp --dport 22 -m tcp --sport 1` lists as one tcp match.
 */
export function mergePayloadMatches(rule: Rule): Rule {
	const merged: Rule['matches'][number][] = [];
	if (rule.matches.filter((m) => m.name === 'tcp' || m.name === 'udp').length < 2) return rule;
	for (const m of rule.matches) {
		const first = merged.findIndex((x) => x.name === m.name);
		if ((m.name === 'tcp' || m.name === 'udp') && first >= 0) {
			const keep = merged[first];
			if (keep) merged[first] = { name: m.name, data: { ...(m.data as object), ...(keep.data as object) } };
		} else merged.push(m);
	}
	return { ...rule, matches: merged };
}

export function applyCommand(parsed: CommandLine, rs: Ruleset, opts: ApplyOptions): XtResult<Applied> {
	const nft = rs.backend === 'nft';
	const cmd = nft ? { ...parsed, rule: mergePayloadMatches(parsed.rule), rules: parsed.rules.map(mergePayloadMatches) } : parsed;
	if (cmd.command === undefined) return param('no command specified');
	if (!isTableName(cmd.table)) {
		const message = nft
			? `table '${cmd.table}' does not exist`
			: `can't initialize iptables table \`${cmd.table}': Table does not exist (do you need to insmod?)`;
		return fail({ kind: 'version', message: `${message}\nPerhaps iptables or your kernel needs to be upgraded.` });
	}
	const tableName = cmd.table;
	const existing = findTable(rs, tableName);
	const table = tableOrEmpty(rs, tableName);
	const letter = cmd.command;
	// nf_tables only creates what is written; x_tables instantiates a table on first use.
	const keep = (t: Table): Ruleset => (nft && existing === undefined && NON_CREATING.has(letter) ? rs : putTable(rs, t));
	const done = (t: Table, stdout = ''): XtResult<Applied> => ok({ stdout, ruleset: keep(t) });
	const lo: ListOptions = { numeric: cmd.numeric, verbose: cmd.verbose, exact: cmd.exact, lineNumbers: cmd.lineNumbers, resolver: opts.resolver };
	const chain = cmd.chain ?? '';

	// With -v, -Z and -F say what they do, chain by chain (listing order). nf_tables creates
	// built-in chains lazily, so it only names those that hold something.
	const exists = (c: Table['chains'][number]): boolean =>
		!nft || c.policy === undefined || c.rules.length > 0 || c.policy !== 'ACCEPT' || c.counters.packets > 0n || c.counters.bytes > 0n;
	const verboseEach = (verb: string): string =>
		cmd.verbose
			? listingOrder(table)
					.filter((c) => (cmd.chain === undefined ? exists(c) : c.name === cmd.chain))
					.map((c) => `${verb} chain \`${c.name}'\n`)
					.join('')
			: '';
	// -P and -Z send base chain counters with the chain (nft_chain_set, __nft_chain_zero_counters),
	// which gives an nf_tables base chain policy counters from then on (see Chain.nftCounters).
	const counting = (t: Table, only?: string): Table =>
		nft ? { ...t, chains: t.chains.map((c) => (c.policy !== undefined && (only === undefined ? exists(c) : c.name === only) ? { ...c, nftCounters: true } : c)) } : t;
	const checkJump = (rule: Rule): XtResult<void> => {
		const t = rule.target;
		if (t?.kind !== 'jump' || findChain(table, t.chain)) return ok(undefined);
		if (nft && opts.deferJumpCheck) {
			opts.deferJumpCheck(t.chain);
			return ok(undefined);
		}
		return nft ? param(`Chain '${t.chain}' does not exist`) : param(`Couldn't load target \`${t.chain}':No such file or directory\n`);
	};
	const kernelChecked = (t: XtResult<Table>): XtResult<Applied> => {
		if (!t.ok) return t;
		// iptables-restore checks the whole table at COMMIT instead.
		if (opts.deferJumpCheck) return done(t.value);
		const bad = invalidRules(t.value, rs.backend);
		if (bad.length > 0) {
			if (!nft) return kernel("Invalid argument. Run `dmesg' for more information.");
			return fail({ kind: 'netlink', failures: [{ op: RULE_OPS[letter] ?? 'RULE_APPEND', reason: 'Invalid argument', object: `rule in chain ${bad[0]?.chain ?? chain}` }] });
		}
		return done(t.value);
	};
	const listingChain = (): XtResult<void> => {
		if (cmd.chain === undefined || findChain(table, cmd.chain)) return ok(undefined);
		return nft
			? fail({ kind: 'fatal', message: `chain \`${cmd.chain}' in table \`${tableName}' is incompatible, use 'nft' tool.`, exitCode: 1 })
			: kernel(NO_SUCH);
	};

	switch (letter) {
		case 'A':
		case 'I':
		case 'R':
		case 'C':
		case 'D': {
			if (!(letter === 'D' && cmd.rulenum !== undefined)) {
				const j = checkJump(cmd.rule);
				if (!j.ok) return j;
			}
			if (letter === 'R') return kernelChecked(replaceRuleAt(table, chain, cmd.rulenum ?? 1, cmd.rule, rs.backend));
			if (letter === 'D' && cmd.rulenum !== undefined) {
				const r = deleteRuleAt(table, chain, cmd.rulenum, rs.backend);
				return r.ok ? done(r.value) : r;
			}
			// One rule per -s/-d address pair, handled in turn (each -I goes to the same position).
			let t: XtResult<Table> = ok(table);
			for (const rule of cmd.rules) {
				if (!t.ok) break;
				const cur: Table = t.value;
				if (letter === 'A') t = appendRule(cur, chain, rule);
				else if (letter === 'I') t = insertRule(cur, chain, cmd.rulenum ?? 1, rule);
				else {
					const idx = findRule(cur, chain, (r) => sameRule(r, rule, rs.family, opts.resolver));
					if (!idx.ok) return idx;
					if (idx.value < 0) return kernel('Bad rule (does a matching rule exist in that chain?).');
					t = letter === 'C' ? ok(cur) : deleteRuleAt(cur, chain, idx.value + 1, rs.backend);
				}
			}
			if (letter === 'C') return t.ok ? ok({ stdout: '', ruleset: rs }) : t;
			return letter === 'D' ? (t.ok ? done(t.value) : t) : kernelChecked(t);
		}
		case 'L':
		case 'S': {
			const c = listingChain();
			if (!c.ok) return c;
			let out: string;
			if (letter === 'S') out = listRules(table, rs.family, opts.resolver, cmd.verbose, cmd.chain, cmd.rulenum);
			else if (cmd.rulenum !== undefined) {
				const rule = findChain(table, chain)?.rules[cmd.rulenum - 1];
				out = rule === undefined ? '' : `${ruleRow(rule, cmd.rulenum, rs.family, lo)}\n`;
			} else out = listTable(table, rs.family, lo, cmd.chain);
			if (!cmd.zeroToo) return done(table, out);
			const z = zeroCounters(table, cmd.chain);
			return z.ok ? done(counting(z.value, cmd.chain), out + verboseEach('Zeroing')) : z;
		}
		case 'F': {
			const r = flushChain(table, cmd.chain);
			return r.ok ? done(r.value, verboseEach('Flushing')) : r;
		}
		case 'Z': {
			const r = zeroCounters(table, cmd.chain, cmd.rulenum);
			return r.ok ? done(cmd.rulenum === undefined ? counting(r.value, cmd.chain) : r.value, verboseEach('Zeroing')) : r;
		}
		case 'N': {
			const r = newChain(table, chain);
			return r.ok ? done(r.value) : r;
		}
		case 'X': {
			if (cmd.chain !== undefined) {
				const r = deleteChain(table, chain, rs.backend);
				return r.ok ? done(r.value, cmd.verbose ? `Deleting chain \`${chain}'\n` : '') : r;
			}
			const said = cmd.verbose ? listingOrder(table).filter((c) => c.policy === undefined).map((c) => `Deleting chain \`${c.name}'\n`).join('') : '';
			const r = deleteAllUserChains(table, rs.backend);
			return r.ok ? done(r.value, said) : { ...r, stdout: said };
		}
		case 'P': {
			const policy = cmd.second ?? '';
			const c = findChain(table, chain);
			if (c === undefined || c.policy === undefined) return kernel('Bad built-in chain name.');
			if (policy !== 'ACCEPT' && policy !== 'DROP') return kernel("Bad policy name. Run `dmesg' for more information.");
			if (tableName === 'nat' && policy === 'DROP') {
				return param('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
			}
			const counters = cmd.rule.counters.packets > 0n || cmd.rule.counters.bytes > 0n ? cmd.rule.counters : undefined;
			const r = setPolicy(table, chain, policy as Policy, counters);
			return r.ok ? done(counting(r.value, chain)) : r;
		}
		case 'E': {
			const r = renameChain(table, chain, cmd.second ?? '');
			return r.ok ? done(r.value) : r;
		}
		default:
			return ok({ stdout: '', ruleset: rs });
	}
}
