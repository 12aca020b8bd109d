// Text forms of a rule plan:
// - the `iptables-restore --noflush` input istio-iptables pipes in, per family (what the netfilter
//   model applies to a simulated namespace);
// - the record Istio's capture goldens hold (every command the stub saw, in order);
// - the per-table form of the CNI plugin goldens.

import { BUILTIN_CHAINS_AND_TARGETS, type Family, type PlannedRule, type RulePlan, type TableName } from './types';

/** `-A chain params` or `-I chain N params`, words joined by single spaces as Istio does. */
export function ruleLine(rule: PlannedRule): string {
	const head = rule.position === undefined ? ['-A', rule.chain] : ['-I', rule.chain, String(rule.position)];
	return [...head, ...rule.params].join(' ');
}

/** The chain a rule jumps to when `-j X` ends it (targets with options, e.g. REDIRECT, never do). */
function jumpTarget(rule: PlannedRule): string | undefined {
	const n = rule.params.length;
	return n >= 2 && rule.params[n - 2] === '-j' ? rule.params[n - 1] : undefined;
}

/**
 * `-N` lines per table: first every user chain that owns a rule, in order of its first rule, then
 * chains only jumped to (so a jump never names a missing chain), in order of the first jump.
 */
function chainDeclarations(rules: readonly PlannedRule[]): Map<TableName, string[]> {
	const declared = new Set<string>();
	const out = new Map<TableName, string[]>();
	const declare = (table: TableName, chain: string | undefined): void => {
		if (chain === undefined || BUILTIN_CHAINS_AND_TARGETS.has(chain)) return;
		const key = `${chain}:${table}`;
		if (declared.has(key)) return;
		declared.add(key);
		out.set(table, [...(out.get(table) ?? []), `-N ${chain}`]);
	};
	for (const rule of rules) declare(rule.table, rule.chain);
	for (const rule of rules) declare(rule.table, jumpTarget(rule));
	return out;
}

/**
 * One family's restore input: tables in alphabetical order, empty tables left out, each table's
 * `-N` lines then its rules in the order they were added (not grouped by chain), then COMMIT.
 */
export function restoreInput(rules: readonly PlannedRule[]): string {
	const lines = chainDeclarations(rules);
	for (const rule of rules) lines.set(rule.table, [...(lines.get(rule.table) ?? []), ruleLine(rule)]);
	let text = '';
	for (const table of [...lines.keys()].sort()) {
		text += `* ${table}\n${(lines.get(table) ?? []).join('\n')}\nCOMMIT\n`;
	}
	return text;
}

/** What istio-iptables pipes into `iptables-restore --noflush` and, with IPv6, `ip6tables-restore --noflush`. */
export function restoreInputs(plan: RulePlan): { ipv4: string; ipv6?: string } {
	const ipv4 = restoreInput(plan.ipv4);
	return plan.ipv6Enabled ? { ipv4, ipv6: restoreInput(plan.ipv6) } : { ipv4 };
}

export function restoreInputFor(plan: RulePlan, family: Family): string | undefined {
	return restoreInputs(plan)[family];
}

/**
 * The command record of a dry run (Istio's DependenciesStub.ExecutedAll, also what
 * DRY_RUN_FILE_PATH receives): the state checks `iptables-save` and `ip6tables-save` (always
 * both), each restore input line by line, then the final-state dump(s) logged at the end.
 */
export function commandRecord(plan: RulePlan): string[] {
	const restore = restoreInputs(plan);
	const linesOf = (text: string | undefined): string[] => (text === undefined || text === '' ? [] : text.replace(/\n$/, '').split('\n'));
	return [
		'iptables-save',
		'ip6tables-save',
		...linesOf(restore.ipv4),
		...linesOf(restore.ipv6),
		'iptables-save',
		...(plan.ipv6Enabled ? ['ip6tables-save'] : []),
	];
}

/** tools/istio-iptables/pkg/capture/testdata/<case>.golden. */
export function renderCaptureGolden(plan: RulePlan): string {
	return `${commandRecord(plan).join('\n')}\n`;
}

/**
 * cni/pkg/plugin/testdata/<case>.txt.golden: the test cuts the dry-run record at each COMMIT,
 * drops the save commands, keys the blocks by table name (a later block of the same table, i.e.
 * IPv6, replaces the earlier one) and prints them sorted by table name.
 */
export function renderCniGolden(plan: RulePlan): string {
	const tables = new Map<string, string>();
	for (const part of commandRecord(plan).join('\n').split('COMMIT')) {
		const lines = part
			.replace(/^\n+|\n+$/g, '')
			.split('\n')
			.filter((line) => line !== 'iptables-save' && line !== 'ip6tables-save');
		const first = lines[0];
		if (first !== undefined && first.startsWith('* ')) tables.set(first.slice(2), [...lines, 'COMMIT'].join('\n'));
	}
	return [...tables.keys()]
		.sort()
		.map((table) => `${tables.get(table) ?? ''}\n`)
		.join('');
}
