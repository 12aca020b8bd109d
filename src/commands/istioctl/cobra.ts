// The slice of cobra and pflag istioctl's command line goes through: flag parsing with pflag's
// error messages, and cobra's usage text (the default usage template, pflag's FlagUsages column
// layout: usage text two spaces past the longest "  -x, --name type" and defaults appended as
// ` (default "x")`). A command is data: its Use line, aliases, texts and flags.

export interface FlagSpec {
	readonly name: string;
	readonly short?: string;
	readonly kind: 'string' | 'int' | 'bool' | 'stringArray' | 'Level';
	readonly usage: string;
	readonly def?: string | number | boolean;
	readonly hidden?: boolean;
}

export interface CommandSpecData {
	readonly use: string;
	readonly aliases?: readonly string[];
	readonly short: string;
	readonly long?: string;
	readonly example?: string;
	readonly flags: readonly FlagSpec[];
	readonly hidden?: boolean;
	readonly subcommands?: readonly CommandSpecData[];
}

export type FlagValues = ReadonlyMap<string, string | number | boolean>;

export type ParsedFlags =
	| { readonly ok: true; readonly values: FlagValues; readonly args: readonly string[]; readonly help: boolean }
	| { readonly ok: false; readonly error: string };

const typeName = (f: FlagSpec): string => (f.kind === 'bool' ? '' : f.kind);

function setValue(f: FlagSpec, raw: string, shown: string, values: Map<string, string | number | boolean>): string | undefined {
	if (f.kind === 'int') {
		if (!/^[+-]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/.test(raw)) {
			return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`;
		}
		const n = Number(raw.replace(/^([+-]?)0[oO]/, '$10o').replace(/^([+-]?)0([0-7]+)$/, '$10o$2'));
		if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": value out of range`;
		values.set(f.name, n);
	} else if (f.kind === 'bool') {
		const b = ({ '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false } as Record<string, boolean>)[raw];
		if (b === undefined) return `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`;
		values.set(f.name, b);
	} else values.set(f.name, raw);
	return undefined;
}

/** pflag's Parse over `argv` with the flags a command accepts (its own and inherited). */
export function parseFlags(argv: readonly string[], flags: readonly FlagSpec[]): ParsedFlags {
	const values = new Map<string, string | number | boolean>();
	const args: string[] = [];
	let help = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--') {
			args.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith('--') && a.length > 2) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			if (name === 'help') {
				help = true;
				continue;
			}
			const f = flags.find((x) => x.name === name);
			if (f === undefined) return { ok: false, error: `unknown flag: --${name}` };
			let raw: string;
			if (eq >= 0) raw = a.slice(eq + 1);
			else if (f.kind === 'bool') raw = 'true';
			else {
				const next = argv[i + 1];
				if (next === undefined) return { ok: false, error: `flag needs an argument: --${name}` };
				raw = next;
				i++;
			}
			const bad = setValue(f, raw, `--${name}`, values);
			if (bad !== undefined) return { ok: false, error: bad };
			continue;
		}
		if (a.startsWith('-') && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] as string;
				if (c === 'h') {
					help = true;
					continue;
				}
				const f = flags.find((x) => x.short === c);
				if (f === undefined) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
				if (f.kind === 'bool') {
					const rest = a.slice(j + 1);
					const bad = setValue(f, rest.startsWith('=') ? rest.slice(1) : 'true', `-${c}, --${f.name}`, values);
					if (bad !== undefined) return { ok: false, error: bad };
					if (rest.startsWith('=')) break;
					continue;
				}
				let raw = a.slice(j + 1);
				if (raw.startsWith('=')) raw = raw.slice(1);
				else if (raw === '') {
					const next = argv[i + 1];
					if (next === undefined) return { ok: false, error: `flag needs an argument: '${c}' in -${c}` };
					raw = next;
					i++;
				}
				const bad = setValue(f, raw, `-${c}, --${f.name}`, values);
				if (bad !== undefined) return { ok: false, error: bad };
				break;
			}
			continue;
		}
		args.push(a);
	}
	return { ok: true, values, args, help };
}

function defaultText(f: FlagSpec): string {
	if (f.def === undefined || f.def === '' || f.def === false || f.def === 0) return '';
	return typeof f.def === 'string' ? ` (default "${f.def}")` : ` (default ${String(f.def)})`;
}

/** pflag's FlagUsages: flags sorted by name, usage column two past the longest left part. */
export function flagUsages(flags: readonly FlagSpec[]): string {
	const shown = flags.filter((f) => f.hidden !== true).sort((x, y) => (x.name < y.name ? -1 : 1));
	const left = shown.map((f) => `${f.short !== undefined ? `  -${f.short}, --` : '      --'}${f.name}${typeName(f) === '' ? '' : ` ${typeName(f)}`}`);
	const max = Math.max(0, ...left.map((l) => l.length));
	// pflag counts a separator in the width and prints `left, spacing, usage` joined by spaces: three at least.
	return shown.map((f, i) => `${left[i] as string} ${' '.repeat(max + 1 - (left[i] as string).length)} ${f.usage}${defaultText(f)}\n`).join('');
}

/** cobra's UsageString for `path` (e.g. `istioctl proxy-config listener`), from its default template. */
export function usageString(path: string, cmd: CommandSpecData, local: readonly FlagSpec[], inherited: readonly FlagSpec[]): string {
	const name = cmd.use.split(' ')[0] as string;
	const parent = path.slice(0, path.length - name.length).trimEnd();
	const all = cmd.subcommands ?? [];
	const subs = all.filter((s) => s.hidden !== true);
	const trim = (t: string): string => t.replace(/\s+$/, '');
	let out = 'Usage:';
	if (subs.length === 0) out += `\n  ${parent === '' ? '' : `${parent} `}${cmd.use}${cmd.use.includes('[flags]') ? '' : ' [flags]'}`;
	else out += `\n  ${path} [command]`;
	if ((cmd.aliases ?? []).length > 0) out += `\n\nAliases:\n  ${[name, ...(cmd.aliases ?? [])].join(', ')}`;
	if (cmd.example !== undefined) out += `\n\nExamples:\n${cmd.example}`;
	if (subs.length > 0) {
		// cobra pads names to the longest sibling name, hidden ones included, and at least 11.
		const pad = Math.max(11, ...all.map((s) => (s.use.split(' ')[0] as string).length));
		out += `\n\nAvailable Commands:${subs.map((s) => `\n  ${(s.use.split(' ')[0] as string).padEnd(pad)} ${s.short}`).join('')}`;
	}
	const localShown = [...local, { name: 'help', short: 'h', kind: 'bool', usage: `help for ${name}` } as FlagSpec];
	out += `\n\nFlags:\n${trim(flagUsages(localShown))}`;
	if (inherited.some((f) => f.hidden !== true)) out += `\n\nGlobal Flags:\n${trim(flagUsages(inherited))}`;
	if (subs.length > 0) out += `\n\nUse "${path} [command] --help" for more information about a command.`;
	return `${out}\n`;
}

/** cobra's help: the Long (or Short) text, a blank line, then the usage. */
export function helpString(path: string, cmd: CommandSpecData, local: readonly FlagSpec[], inherited: readonly FlagSpec[]): string {
	const text = (cmd.long ?? cmd.short).replace(/\s+$/, '');
	return `${text}\n\n${usageString(path, cmd, local, inherited)}`;
}
