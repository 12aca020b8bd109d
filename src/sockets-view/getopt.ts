// GNU getopt_long, as ss, netstat and curl's own parser-in-C callers see it: short options
// bundled (`-tanp`), an argument glued or separate (`-Atcp`, `-A tcp`), long options with `=` or a
// separate argument, unique prefixes of long options, non-options permuted to the end, `--`.
// Errors are values worded as glibc 2.36 words them.

export interface LongOption {
	readonly name: string;
	/** 0: none, 1: required, 2: optional (only as --name=value). */
	readonly arg: 0 | 1 | 2;
	/** The short option it stands for, or another key. */
	readonly key: string;
}

export interface ParsedOption {
	readonly key: string;
	readonly value?: string;
	/** As typed, for messages: `-t`, `--tcp`. */
	readonly spelled: string;
}

export type GetoptResult =
	| { readonly ok: true; readonly options: readonly ParsedOption[]; readonly operands: readonly string[] }
	| { readonly ok: false; readonly message: string };

/** `optstring`: letters, `:` after one that takes an argument (e.g. `af:`). */
export function getoptLong(prog: string, args: readonly string[], optstring: string, longs: readonly LongOption[]): GetoptResult {
	const takes = new Map<string, boolean>();
	for (let i = 0; i < optstring.length; i++) {
		const c = optstring[i] as string;
		if (c === ':') continue;
		takes.set(c, optstring[i + 1] === ':');
	}
	const options: ParsedOption[] = [];
	const operands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		if (a === '--') {
			operands.push(...args.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			const exact = longs.find((l) => l.name === name);
			const matches = exact ? [exact] : longs.filter((l) => l.name.startsWith(name));
			// Prefixes that all name the same option are not ambiguous.
			const distinct = matches.filter((m, k) => matches.findIndex((o) => o.key === m.key && o.arg === m.arg) === k);
			if (matches.length === 0 || name === '') return { ok: false, message: `${prog}: unrecognized option '${a}'\n` };
			if (distinct.length > 1) return { ok: false, message: `${prog}: option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${matches.map((m) => ` '--${m.name}'`).join('')}\n` };
			const opt = matches[0] as LongOption;
			const spelled = `--${opt.name}`;
			if (eq >= 0) {
				if (opt.arg === 0) return { ok: false, message: `${prog}: option '${spelled}' doesn't allow an argument\n` };
				options.push({ key: opt.key, value: a.slice(eq + 1), spelled });
			} else if (opt.arg === 1) {
				const v = args[i + 1];
				if (v === undefined) return { ok: false, message: `${prog}: option '${spelled}' requires an argument\n` };
				options.push({ key: opt.key, value: v, spelled });
				i++;
			} else options.push({ key: opt.key, spelled });
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] as string;
				const t = takes.get(c);
				if (t === undefined) return { ok: false, message: `${prog}: invalid option -- '${c}'\n` };
				if (!t) {
					options.push({ key: c, spelled: `-${c}` });
					continue;
				}
				const rest = a.slice(j + 1);
				if (rest !== '') options.push({ key: c, value: rest, spelled: `-${c}` });
				else {
					const v = args[i + 1];
					if (v === undefined) return { ok: false, message: `${prog}: option requires an argument -- '${c}'\n` };
					options.push({ key: c, value: v, spelled: `-${c}` });
					i++;
				}
				break;
			}
			continue;
		}
		operands.push(a);
	}
	return { ok: true, options, operands };
}
