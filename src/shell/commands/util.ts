// Helpers every text tool shares: results, GNU getopt_long-style option parsing with its exact
// error wording, and reading file operands from the virtual filesystem.

import { STRERROR, resolvePath } from '../fs';
import type { CommandContext, CommandResult, CommandSpec, Lang } from '../types';
import { own } from '../own';

export const ok = (stdout = '', stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });
export const fail = (stderr: string, exitCode = 1, stdout = ''): CommandResult => ({ stdout, stderr, exitCode });

export const tryHelp = (tool: string): string => `Try '${tool} --help' for more information.\n`;

export interface OptionSpec {
	/** Short flags without a value, e.g. 'ivnc'. */
	readonly flags?: string;
	/** Short options that take a value, e.g. 'ABCefm'. */
	readonly values?: string;
	/** Long options: name -> the short letter it stands for (or itself), and whether it takes a value. */
	readonly long?: Readonly<Record<string, { readonly as: string; readonly value: boolean }>>;
}

export interface Opt {
	readonly name: string;
	readonly value?: string;
}

export type Parsed = { readonly ok: true; readonly opts: readonly Opt[]; readonly operands: readonly string[] } | { readonly ok: false; readonly error: string };

/**
 * Parses options as glibc getopt_long does for GNU tools: options and operands may mix, `--`
 * ends options, `-` is an operand, short options cluster (`-vn`), a short option's value may be
 * attached (`-n3`) or separate, long options take `--name=value` or `--name value` and may be
 * abbreviated to a unique prefix. Errors are glibc's messages, prefixed with the tool's name.
 */
export function parseOptions(tool: string, args: readonly string[], spec: OptionSpec): Parsed {
	const opts: Opt[] = [];
	const operands: string[] = [];
	const flags = spec.flags ?? '';
	const values = spec.values ?? '';
	const long = spec.long ?? {};
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		if (a === '--') {
			operands.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			const exact = own(long, name);
			const matches = exact !== undefined ? [name] : Object.keys(long).filter((k) => k.startsWith(name));
			const distinct = new Set(matches.map((m) => own(long, m)?.as));
			if (matches.length === 0) return { ok: false, error: `${tool}: unrecognized option '${a}'\n` };
			if (distinct.size > 1) return { ok: false, error: `${tool}: option '${a}' is ambiguous; possibilities:${matches.map((m) => ` '--${m}'`).join('')}\n` };
			const full = matches[0] as string;
			const def = own(long, full) as { as: string; value: boolean };
			if (!def.value) {
				if (eq >= 0) return { ok: false, error: `${tool}: option '--${full}' doesn't allow an argument\n` };
				opts.push({ name: def.as });
			} else if (eq >= 0) opts.push({ name: def.as, value: a.slice(eq + 1) });
			else {
				if (i + 1 >= args.length) return { ok: false, error: `${tool}: option '--${full}' requires an argument\n` };
				opts.push({ name: def.as, value: args[++i] as string });
			}
			continue;
		}
		if (a.startsWith('-') && a !== '-') {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] as string;
				if (values.includes(c)) {
					const rest = a.slice(j + 1);
					if (rest !== '') opts.push({ name: c, value: rest });
					else if (i + 1 < args.length) opts.push({ name: c, value: args[++i] as string });
					else return { ok: false, error: `${tool}: option requires an argument -- '${c}'\n` };
					break;
				}
				if (!flags.includes(c)) return { ok: false, error: `${tool}: invalid option -- '${c}'\n` };
				opts.push({ name: c });
			}
			continue;
		}
		operands.push(a);
	}
	return { ok: true, opts, operands };
}

export const has = (opts: readonly Opt[], name: string): boolean => opts.some((o) => o.name === name);
export const last = (opts: readonly Opt[], name: string): string | undefined => [...opts].reverse().find((o) => o.name === name)?.value;

export type Read = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/** Reads a file operand (or stdin for `-`); the error is strerror's text. */
export function readOperand(ctx: CommandContext, name: string): Read {
	if (name === '-') return { ok: true, text: ctx.stdin.readAll() };
	const r = ctx.fs.read(resolvePath(ctx.cwd, name));
	return typeof r === 'string' ? { ok: true, text: r } : { ok: false, error: STRERROR[r.error] };
}

/** Splits text into lines without their newlines; a final newline does not make an extra line. */
export function lines(text: string): string[] {
	if (text === '') return [];
	const ls = text.split('\n');
	if (ls[ls.length - 1] === '') ls.pop();
	return ls;
}

/** `--help` of a command of ours: the real synopsis, then our one-line summary. */
export function helpText(spec: Pick<CommandSpec, 'name' | 'help'>, lang: Lang): string {
	const usage = spec.help.usage === undefined ? '' : `Usage: ${spec.help.usage}\n`;
	return `${usage}${spec.help.summary[lang]}\n`;
}

/** Splits text into its lines keeping the newline of each (the last may lack one). */
export function rawLines(text: string): string[] {
	return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
