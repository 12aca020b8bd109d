// The iptables family of commands as pure functions over NetfilterState. The binary's name picks
// the family (iptables / ip6tables), the back end (-nft, -legacy, or the world's default for the
// plain names) and the tool (main, -save, -restore), as the xtables-*-multi binaries do.

import { applyCommand, isTableName } from './apply';
import { parseCommandLine } from './cmdline';
import { exitCodeOf, formatCommandError, versionBanner } from './errors';
import { helpText } from './help';
import type { NameResolver } from './names';
import { saveRuleset } from './render-save';
import { restore } from './restore';
import { ensureTable, findTable, newTable } from './ruleset';
import type { Backend, CommandResult, Family, NetfilterState, Ruleset } from './types';

export interface XtablesEnv {
	readonly resolver: NameResolver;
	/** Injected clock for the iptables-save header and footer. */
	readonly now: () => Date;
	/** What plain `iptables` talks to (Debian 12 and the Istio proxy image: nf_tables). */
	readonly defaultBackend?: Backend;
}

export interface ToolRun {
	readonly result: CommandResult;
	readonly state: NetfilterState;
}

export type ToolKind = 'main' | 'save' | 'restore';

export interface ToolIdentity {
	readonly family: Family;
	readonly backend: Backend;
	readonly kind: ToolKind;
	/** argv[0] as invoked, e.g. `iptables-nft-save`. */
	readonly invokedAs: string;
}

const NAME = /^(ip6?tables)(?:-(nft|legacy))?(?:-(save|restore))?$/;

/** Recognises iptables, ip6tables-legacy-save, iptables-nft-restore, xtables-nft-multi iptables ... */
export function identify(argv0: string, defaultBackend: Backend = 'nft'): ToolIdentity | undefined {
	const base = argv0.slice(argv0.lastIndexOf('/') + 1);
	const m = NAME.exec(base);
	if (m === null) return undefined;
	return {
		family: m[1] === 'ip6tables' ? 'ipv6' : 'ipv4',
		backend: (m[2] as Backend | undefined) ?? defaultBackend,
		kind: (m[3] as ToolKind | undefined) ?? 'main',
		invokedAs: base,
	};
}

export { TOOL_NAMES } from './tool-names';

function withRuleset(state: NetfilterState, rs: Ruleset): NetfilterState {
	return { ...state, [rs.backend]: { ...state[rs.backend], [rs.family]: rs } };
}

/** iptables-nft notices rules left by iptables-legacy in the same namespace and says so. */
function legacyWarning(state: NetfilterState, id: ToolIdentity, tool: string): string {
	if (id.backend !== 'nft' || state.legacy[id.family].tables.length === 0) return '';
	const fam = id.family === 'ipv6' ? 'ip6tables' : 'iptables';
	return `# Warning: ${fam}-legacy tables present, use ${tool} to see them\n`;
}

export function runXtables(argv: readonly string[], stdin: string, initial: NetfilterState, env: XtablesEnv): ToolRun {
	let state = initial;
	let args = argv;
	const first = argv[0] ?? '';
	let multi: Backend | undefined;
	if (/(^|\/)xtables-(nft|legacy)-multi$/.test(first)) {
		// The multi-call binary runs its first argument as the applet, with its own back end.
		multi = first.includes('legacy') ? 'legacy' : 'nft';
		args = argv.slice(1);
	}
	const found = identify(args[0] ?? '', multi ?? env.defaultBackend);
	const id = found && multi ? { ...found, backend: multi } : found;
	if (id === undefined) return { result: { stdout: '', stderr: `${first}: command not found\n`, exitCode: 127 }, state };
	let rs = state[id.backend][id.family];
	const prog = id.family === 'ipv6' ? 'ip6tables' : 'iptables';
	if (id.kind === 'save') return runSave(args.slice(1), state, rs, id, env);
	if (id.kind === 'restore') {
		const r = restore(args.slice(1), stdin, rs, { resolver: env.resolver, prog: `${prog}-restore`, invokedAs: id.invokedAs });
		return { result: r.result, state: withRuleset(state, r.ruleset) };
	}
	const warnings: string[] = [];
	const parsed = parseCommandLine(args.slice(1), {
		family: id.family,
		backend: id.backend,
		resolver: env.resolver,
		inRestore: false,
		warn: (m) => warnings.push(m),
	});
	if (!parsed.ok) return { result: { stdout: '', stderr: warnings.join('') + formatCommandError(prog, id.backend, parsed.error), exitCode: exitCodeOf(parsed.error) }, state };
	const cmd = parsed.value;
	// x_tables instantiates the table as soon as iptables opens it, even if the command then fails.
	const legacyTable = id.backend === 'legacy' && isTableName(cmd.table) && cmd.command !== 'h' && cmd.command !== 'V';
	if (legacyTable && isTableName(cmd.table)) {
		rs = ensureTable(rs, cmd.table);
		state = withRuleset(state, rs);
	}
	if (cmd.command === 'h') return { result: { stdout: helpText(prog, versionBanner(id.backend)), stderr: '', exitCode: 0 }, state };
	if (cmd.command === 'V') return { result: { stdout: `${prog} ${versionBanner(id.backend)}\n`, stderr: '', exitCode: 0 }, state };
	const applied = applyCommand(cmd, rs, { resolver: env.resolver });
	const listing = cmd.command === 'L' || cmd.command === 'S';
	const warn = warnings.join('') + (listing ? legacyWarning(state, id, `${prog}-legacy`) : '');
	if (!applied.ok) {
		return { result: { stdout: applied.stdout ?? '', stderr: warn + formatCommandError(prog, id.backend, applied.error), exitCode: exitCodeOf(applied.error) }, state };
	}
	return { result: { stdout: applied.value.stdout, stderr: warn, exitCode: 0 }, state: withRuleset(state, applied.value.ruleset) };
}

function runSave(args: readonly string[], state: NetfilterState, rs: Ruleset, id: ToolIdentity, env: XtablesEnv): ToolRun {
	const fam = id.family === 'ipv6' ? 'ip6tables' : 'iptables';
	let counters = false;
	let only: string | undefined;
	const err = (stderr: string): ToolRun => ({ result: { stdout: '', stderr, exitCode: 1 }, state });
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		if (a === '-c' || a === '--counters') counters = true;
		else if (a === '-t' || a === '--table') {
			only = args[++i];
			if (only === undefined) return err(`${id.invokedAs}: option requires an argument -- 't'\nLook at manual page \`${fam}-save.8' for more information.\n`);
		} else if (a.startsWith('--table=')) only = a.slice(8);
		else if (a === '-M' || a === '--modprobe') i++;
		else if (a === '-V' || a === '--version') return { result: { stdout: `${fam}-save ${versionBanner(id.backend)}\n`, stderr: '', exitCode: 0 }, state };
		else if (a.startsWith('-') && a.length > 1) {
			const shown = a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`;
			return err(`${id.invokedAs}: ${shown}\nLook at manual page \`${fam}-save.8' for more information.\n`);
		} else return err('Unknown arguments found on commandline\n');
	}
	// iptables-legacy-save names itself iptables-save; the nft flavour prints the name it was called by.
	const program = id.backend === 'legacy' ? `${fam}-save` : id.invokedAs;
	const opts = { program, counters, now: env.now(), resolver: env.resolver };
	const warn = legacyWarning(state, id, `${fam}-legacy-save`);
	if (only === undefined) return { result: { stdout: saveRuleset(rs, opts), stderr: warn, exitCode: 0 }, state };
	if (!isTableName(only)) {
		return err(id.backend === 'nft' ? `Table \`${only}' does not exist\n` : `${fam}-save ${versionBanner('legacy')}: Cannot initialize: Table does not exist (do you need to insmod?)\n`);
	}
	// -t TABLE prints the table even where nf_tables has none yet; x_tables instantiates it.
	const shown = id.backend === 'legacy' ? ensureTable(rs, only) : findTable(rs, only) ? rs : { ...rs, tables: [...rs.tables, newTable(only)] };
	const stdout = saveRuleset(shown, opts, only);
	return { result: { stdout, stderr: warn, exitCode: 0 }, state: id.backend === 'legacy' ? withRuleset(state, shown) : state };
}
