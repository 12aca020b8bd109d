// iptables-restore: reads `*table` ... `COMMIT` sections. Each section is one transaction: it is
// parsed and checked completely and applied only at COMMIT. Without --noflush a section first
// empties its table (nf_tables deletes it; it comes back as soon as the section writes to it).

import { applyCommand, isTableName } from './apply';
import { parseCommandLine } from './cmdline';
import { exitCodeOf, formatRestoreError, type XtError } from './errors';
import type { NameResolver } from './names';
import { dropTable, ensureTable, findChain, findTable, isBuiltin, newChain, newTable, putTable, setPolicy } from './ruleset';
import { invalidRules } from './validate';
import type { CommandResult, Policy, Rule, Ruleset, Table, TableName } from './types';

export interface RestoreOptions {
	readonly resolver: NameResolver;
	/** `iptables-restore` or `ip6tables-restore`, as the tool names itself in messages. */
	readonly prog: string;
	/** argv[0], which getopt uses in its own complaints. */
	readonly invokedAs?: string;
}

/**
 * Splits a restore line into arguments as iptables-restore does: on blanks, with double quotes
 * grouping (and `\"` inside them). A quote left open runs to the end of the line, newline included.
 */
export function tokenize(line: string): string[] {
	const out: string[] = [];
	let cur = '';
	let has = false;
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i] ?? '';
		if (quoted) {
			if (ch === '\\' && line[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cur += ch;
			continue;
		}
		if (ch === '"') {
			quoted = true;
			has = true;
		} else if (ch === ' ' || ch === '\t' || ch === '\n') {
			if (has) out.push(cur);
			cur = '';
			has = false;
		} else {
			cur += ch;
			has = true;
		}
	}
	if (has) out.push(cur);
	return out;
}

interface Flags {
	counters: boolean;
	noflush: boolean;
	test: boolean;
	onlyTable?: string;
}

function parseFlags(args: readonly string[], prog: string, argv0: string): Flags | string {
	const f: Flags = { counters: false, noflush: false, test: false };
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		if (a === '-c' || a === '--counters') f.counters = true;
		else if (a === '-n' || a === '--noflush') f.noflush = true;
		else if (a === '-t' || a === '--test') f.test = true;
		else if (a === '-v' || a === '--verbose') continue;
		else if (a === '-T' || a === '--table') f.onlyTable = args[++i];
		else if (a === '-w' || a === '--wait') {
			if (/^\d+$/.test(args[i + 1] ?? '')) i++;
		} else if (a === '-W' || a === '--wait-interval' || a === '-M' || a === '--modprobe') i++;
		else if (a.startsWith('--')) return `${argv0}: unrecognized option '${a}'\nTry \`${prog} -h' for more information.\n`;
		else if (a.startsWith('-')) return `${argv0}: invalid option -- '${a[1]}'\nTry \`${prog} -h' for more information.\n`;
	}
	return f;
}

const COUNTERS = /^\[(\d+):(\d+)\]$/;

export function restore(args: readonly string[], input: string, start: Ruleset, opts: RestoreOptions): { result: CommandResult; ruleset: Ruleset } {
	const flags = parseFlags(args, opts.prog, opts.invokedAs ?? opts.prog);
	if (typeof flags === 'string') return { result: { stdout: '', stderr: flags, exitCode: 1 }, ruleset: start };
	const nft = start.backend === 'nft';
	let committed = start;
	let work: Ruleset | undefined;
	let table: TableName | undefined;
	let skip = false;
	let stdout = '';
	let stderr = '';
	let pendingJumps: string[] = [];
	const ruleLines = new Map<Rule, number>();
	const lines = input.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	const stop = (error: XtError, line: number): { result: CommandResult; ruleset: Ruleset } => ({
		result: { stdout, stderr: stderr + formatRestoreError(opts.prog, start.backend, error, line), exitCode: exitCodeOf(error) },
		ruleset: flags.test ? start : committed,
	});

	for (let n = 1; n <= lines.length; n++) {
		const raw = `${lines[n - 1] ?? ''}\n`;
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		if (table === undefined || work === undefined) {
			if (line.startsWith('*')) {
				const name = line.slice(1).trim();
				if (!isTableName(name)) {
					return stop({ kind: 'parameter', message: nft ? `${opts.prog}: line ${n} table name '${name}' invalid` : `${opts.prog}: unable to initialize table '${name}'` }, n);
				}
				table = name;
				// x_tables instantiates the table when iptables-restore opens it.
				if (!nft) committed = ensureTable(committed, name);
				skip = flags.onlyTable !== undefined && flags.onlyTable !== name;
				work = flags.noflush ? committed : flushTable(committed, name);
				pendingJumps = [];
				continue;
			}
			return stop({ kind: 'kernel', message: '' }, n);
		}
		if (line === 'COMMIT') {
			// nf_tables resolves jumps when the transaction is built, so a missing chain shows up here.
			const t = findTable(work, table);
			// --test never builds the transaction, so it never notices.
			const missing = flags.test ? undefined : pendingJumps.find((c) => t === undefined || findChain(t, c) === undefined);
			if (missing !== undefined) return stop({ kind: 'parameter', message: `Chain '${missing}' does not exist` }, n);
			const bad = t === undefined ? [] : invalidRules(t, start.backend);
			if (bad.length > 0) {
				if (!nft) return stop({ kind: 'kernel', message: '' }, n);
				const failures = bad.map((b) => ({ op: 'RULE_APPEND', reason: 'Invalid argument', object: `rule in chain ${b.chain}`, line: ruleLines.get(b.rule) ?? n }));
				return stop({ kind: 'netlink', failures }, n);
			}
			if (!skip && !flags.test) committed = work;
			table = undefined;
			work = undefined;
			continue;
		}
		if (line.startsWith(':')) {
			const r = declareChain(work, table, line.slice(1), flags.counters, nft, n);
			if (typeof r === 'string') {
				if (!nft && r.startsWith('error creating')) return stop({ kind: 'parameter', message: r }, n);
				if (!nft) return { result: { stdout, stderr: `${stderr}${opts.prog} v1.8.9 (legacy): ${r}\n`, exitCode: 1 }, ruleset: committed };
				return stop({ kind: 'kernel', message: r }, n);
			}
			work = r;
			continue;
		}
		let tokens = tokenize(raw);
		let counters: Rule['counters'] | undefined;
		const m = COUNTERS.exec(tokens[0] ?? '');
		if (m !== null) {
			counters = { packets: BigInt(m[1] ?? '0'), bytes: BigInt(m[2] ?? '0') };
			tokens = tokens.slice(1);
		}
		const warnings: string[] = [];
		const parsed = parseCommandLine(tokens, { family: start.family, backend: start.backend, resolver: opts.resolver, inRestore: true, warn: (w) => warnings.push(w) });
		stderr += warnings.join('');
		if (!parsed.ok) return stop(parsed.error, n);
		let cmd = { ...parsed.value, table };
		const withCounters = (r: Rule): Rule => ({ ...r, counters: flags.counters ? (counters ?? r.counters) : { packets: 0n, bytes: 0n } });
		const rules = cmd.rules.map(withCounters);
		cmd = { ...cmd, rule: withCounters(cmd.rule), rules };
		const applied = applyCommand(cmd, work, {
			resolver: opts.resolver,
			deferJumpCheck: (c) => pendingJumps.push(c),
		});
		if (!applied.ok) return stop(applied.error, n);
		for (const r of rules) ruleLines.set(r, n);
		stdout += applied.value.stdout;
		work = applied.value.ruleset;
	}
	if (table !== undefined) {
		return { result: { stdout, stderr: `${stderr}${opts.prog}: COMMIT expected at line ${lines.length + 1}\n`, exitCode: 1 }, ruleset: committed };
	}
	return { result: { stdout, stderr, exitCode: 0 }, ruleset: flags.test ? start : committed };
}

/** The flush at `*table` without --noflush. */
function flushTable(rs: Ruleset, name: TableName): Ruleset {
	if (rs.backend === 'nft') return dropTable(rs, name);
	const old = findTable(rs, name);
	const fresh = newTable(name);
	// x_tables keeps the table and the built-in chains' policies; rules and user chains go.
	return putTable(rs, { ...fresh, chains: fresh.chains.map((c) => ({ ...c, policy: old?.chains.find((o) => o.name === c.name)?.policy ?? c.policy })) });
}

/** `:CHAIN POLICY [packets:bytes]`. Returns the reason text on failure. */
function declareChain(rs: Ruleset, tableName: TableName, spec: string, counters: boolean, nft: boolean, n: number): Ruleset | string {
	const [name = '', policy = '-', countText] = spec.trim().split(/\s+/);
	const table = findTable(rs, tableName) ?? newTable(tableName);
	const m = COUNTERS.exec(countText ?? '');
	const c = counters && m !== null ? { packets: BigInt(m[1] ?? '0'), bytes: BigInt(m[2] ?? '0') } : undefined;
	if (isBuiltin(tableName, name)) {
		if (nft) {
			// iptables-nft sends the declared counters along, which gives the base chain its own.
			const counted = { ...table, chains: table.chains.map((ch) => (ch.name === name ? { ...ch, nftCounters: true } : ch)) };
			if (policy === '-') return putTable(rs, counted);
			return declareBuiltin(rs, counted, name, policy, c, nft);
		}
		if (policy === '-') return putTable(rs, table);
		return declareBuiltin(rs, table, name, policy, c, nft);
	}
	if (!nft && policy !== '-') return `Can't set policy \`${policy}' on \`${name}' line ${n}: Bad built-in chain name`;
	if (findChain(table, name)) return nft ? putTable(rs, table) : `error creating chain '${name}':File exists`;
	const r = newChain(table, name);
	return r.ok ? putTable(rs, r.value) : 'Chain already exists.';
}

function declareBuiltin(rs: Ruleset, table: Table, name: string, policy: string, c: Rule['counters'] | undefined, nft: boolean): Ruleset | string {
	if (policy !== 'ACCEPT' && policy !== 'DROP') return nft ? 'Bad policy name.' : `Can't set policy \`${policy}' on \`${name}' line 2: Bad policy name`;
	const r = setPolicy(table, name, policy as Policy, c);
	return r.ok ? putTable(rs, r.value) : r.error.kind === 'kernel' ? r.error.message : 'Bad built-in chain name.';
}
