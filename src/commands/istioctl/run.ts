// istioctl's command tree: the root finds the command as cobra does (flags may come first),
// `proxy-config`/`pc` hands over to its subcommands, and `version`, `proxy-status` and
// `experimental describe pod` print what istioctl 1.26 prints. Pure: everything outside comes
// through the provider.

import { parseFlags, usageString, type CommandSpecData } from './cobra';
import { GLOBAL_FLAGS, PC_SUBCOMMANDS, PC_UNMODELLED, PROXY_CONFIG } from './commands';
import { describePod, DESCRIBE, EXPERIMENTAL } from './describe';
import { runSubcommand, type Result } from './pc';
import type { IstioctlProvider } from './provider';
import type { Lang } from '../../shell';
import { notModelled, PC_AVAILABLE } from './messages';
import { proxyStatus, PROXY_STATUS } from './proxy-status';
import { ROOT, VERSION, versionText } from './root';

const findSub = (list: readonly CommandSpecData[], word: string): CommandSpecData | undefined =>
	list.find((c) => c.use.split(' ')[0] === word || (c.aliases ?? []).includes(word));

/** Splits argv at the first word that is not a flag or a global flag's value. */
function splitCommand(argv: readonly string[]): { word: string | undefined; before: string[]; after: string[] } {
	const before: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (!a.startsWith('-') || a === '-') return { word: a, before, after: argv.slice(i + 1) };
		if (a === '--') break;
		before.push(a);
		const flag = GLOBAL_FLAGS.find((f) => (a === `--${f.name}` || (f.short !== undefined && a === `-${f.short}`)) && f.kind !== 'bool');
		if (flag !== undefined && i + 1 < argv.length) before.push(argv[++i] as string);
	}
	return { word: undefined, before, after: [] };
}

function levenshtein(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
		prev = row;
	}
	return prev[b.length] as number;
}

function unknownCommand(word: string): Result {
	const names = (ROOT.subcommands ?? []).filter((c) => c.hidden !== true).map((c) => c.use.split(' ')[0] as string);
	const near = names.filter((n) => levenshtein(word.toLowerCase(), n) <= 2 || n.startsWith(word.toLowerCase()));
	// cobra: PrintErrln("Error:", err) with the suggestions inside err, then the usage hint.
	const hint = near.length > 0 ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}` : '';
	return { stdout: '', stderr: `Error: unknown command "${word}" for "istioctl"${hint}\nRun 'istioctl --help' for usage.\n`, exitCode: 64 };
}

/** The namespace given with -n/--namespace before the command word, if any. */
function namespaceOf(before: readonly string[]): string | undefined {
	const p = parseFlags(before, GLOBAL_FLAGS);
	return p.ok && p.values.has('namespace') ? String(p.values.get('namespace')) : undefined;
}

/** Runs `istioctl ARGS...` (argv without the program name). */
export function runIstioctl(argv: readonly string[], provider: IstioctlProvider, lang: Lang = 'en'): Result {
	const { word, before, after } = splitCommand(argv);
	const pre = parseFlags(before, GLOBAL_FLAGS);
	if (!pre.ok) return { stdout: '', stderr: `Error: ${pre.error}\n`, exitCode: 64 };
	if (word === undefined || word === 'help') {
		if (word === 'help' && after.length > 0) return runIstioctl([...after, '--help'], provider, lang);
		return { stdout: `${(ROOT.long ?? ROOT.short).trimEnd()}\n\n${usageString('istioctl', ROOT, GLOBAL_FLAGS, [])}`, stderr: '', exitCode: 0 };
	}
	const ns = namespaceOf(before);
	switch (word) {
		case 'proxy-config':
		case 'pc': {
			const split = splitCommand(after);
			const sub = split.word === undefined ? undefined : findSub([...PC_SUBCOMMANDS, ...PC_UNMODELLED], split.word);
			const flagsBefore = [...before, ...split.before];
			if (sub === undefined || PC_UNMODELLED.includes(sub)) {
				// proxy-config has no Run: cobra prints its help for a missing or unknown subcommand.
				const help = `${PROXY_CONFIG.long}\n\n${usageString('istioctl proxy-config', PROXY_CONFIG, PROXY_CONFIG.flags, GLOBAL_FLAGS)}`;
				if (sub !== undefined) return { stdout: '', stderr: notModelled(lang, `proxy-config ${sub.use.split(' ')[0] as string}`, PC_AVAILABLE[lang]), exitCode: 1 };
				const bad = parseFlags(flagsBefore, [...PROXY_CONFIG.flags, ...GLOBAL_FLAGS]);
				if (!bad.ok) return { stdout: '', stderr: `Error: ${bad.error}\n`, exitCode: 64 };
				return { stdout: help, stderr: '', exitCode: 0 };
			}
			return runSubcommand(sub, [...flagsBefore, ...split.after], provider, ns);
		}
		case 'proxy-status':
		case 'ps':
			return proxyStatus([...before, ...after], provider);
		case 'experimental':
		case 'exp':
		case 'x': {
			const split = splitCommand(after);
			if (split.word === 'describe' || split.word === 'des') return describePod([...before, ...split.before, ...split.after], provider, ns, lang);
			return { stdout: `${EXPERIMENTAL.long}\n\n${usageString('istioctl experimental', EXPERIMENTAL, [], GLOBAL_FLAGS)}`, stderr: '', exitCode: 0 };
		}
		case 'version':
			return versionText([...before, ...after], provider);
		default:
			return unknownCommand(word);
	}
}

export { DESCRIBE, PROXY_STATUS, VERSION };
