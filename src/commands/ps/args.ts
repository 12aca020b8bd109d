// procps-ng's three option syntaxes (ps(1)): UNIX options after a dash (`-ef`, `-p 1`), BSD
// options without one (`aux`), GNU long options (`--no-headers`). Errors are procps' own words
// followed by its short usage, exit status 1 (recorded with procps-ng 4.0.2).

export interface PsArgs {
	/** -e / -A, or BSD a and x together. */
	readonly all: boolean;
	/** BSD `a` (every process with a terminal) and `x` (also those without one). */
	readonly bsdA: boolean;
	readonly bsdX: boolean;
	/** -f: the full format. */
	readonly full: boolean;
	/** BSD u: the user format. */
	readonly user: boolean;
	readonly format?: readonly string[];
	readonly pids: readonly number[];
	readonly commands: readonly string[];
	readonly users: readonly string[];
	/** 0: the terminal's width; 1: at least 132 columns; 2 or more: unlimited. */
	readonly wide: number;
	readonly headers: boolean;
	readonly help?: boolean;
	readonly version?: boolean;
}

export const PS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

const failure = (message: string): { ok: false; stderr: string } => ({ ok: false, stderr: `error: ${message}\n${PS_USAGE}` });

/** Whether a dash option cluster is really BSD's `aux` typed with a dash (procps accepts `ps -aux`). */
const BSD_WITH_DASH = /^-[aux]+$/;

export function parsePsArgs(argv: readonly string[]): { ok: true; args: PsArgs } | { ok: false; stderr: string } {
	let all = false;
	let bsdA = false;
	let bsdX = false;
	let full = false;
	let user = false;
	let format: string[] | undefined;
	const pids: number[] = [];
	const commands: string[] = [];
	const users: string[] = [];
	let wide = 0;
	let headers = true;
	const list = (v: string): string[] => v.split(/[\s,]+/).filter((s) => s !== '');
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (a.startsWith('--')) {
			const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
			const value = (): string | undefined => inline ?? argv[++i];
			if (name === '--no-headers' || name === '--no-heading') headers = false;
			else if (name === '--help') return { ok: true, args: { all, bsdA, bsdX, full, user, pids, commands, users, wide, headers, help: true } };
			else if (name === '--version') return { ok: true, args: { all, bsdA, bsdX, full, user, pids, commands, users, wide, headers, version: true } };
			else if (name === '--pid') {
				const v = value();
				if (v === undefined) return failure('list of process IDs must follow --pid');
				for (const p of list(v)) {
					if (!/^\d+$/.test(p)) return failure('process ID list syntax error');
					pids.push(Number(p));
				}
			} else if (name === '--user') {
				const v = value();
				if (v === undefined) return failure('list of users must follow --user');
				users.push(...list(v));
			} else if (name === '--format') {
				const v = value();
				if (v === undefined) return failure('format specification must follow --format');
				format = [...(format ?? []), ...list(v)];
			} else return failure('unknown gnu long option');
			continue;
		}
		if (a.startsWith('-') && a.length > 1 && !BSD_WITH_DASH.test(a)) {
			for (let j = 1; j < a.length; j++) {
				const c = a[j] ?? '';
				const rest = a.slice(j + 1);
				const take = (): string | undefined => (rest !== '' ? rest : argv[++i]);
				if (c === 'e' || c === 'A') all = true;
				else if (c === 'f') full = true;
				else if (c === 'w') wide++;
				else if (c === 'a' || c === 'x' || c === 'u' || c === 'p' || c === 'o' || c === 'C') {
					if (c === 'a') {
						bsdA = true;
						continue;
					}
					if (c === 'x') return failure('unsupported SysV option');
					const v = take();
					if (c === 'p') {
						if (v === undefined) return failure('list of process IDs must follow -p');
						for (const p of list(v)) {
							if (!/^\d+$/.test(p)) return failure('process ID list syntax error');
							pids.push(Number(p));
						}
					} else if (c === 'o') {
						if (v === undefined) return failure('format specification must follow -o');
						format = [...(format ?? []), ...list(v)];
					} else if (c === 'C') {
						if (v === undefined) return failure('list of command names must follow -C');
						commands.push(...list(v));
					} else {
						if (v === undefined) return failure('list of users must follow -u');
						users.push(...list(v));
					}
					break;
				} else return failure('unsupported SysV option');
			}
			continue;
		}
		for (const c of a.replace(/^-/, '')) {
			if (c === 'a') bsdA = true;
			else if (c === 'x') bsdX = true;
			else if (c === 'u') user = true;
			else if (c === 'w') wide++;
			else if (c === 'e' || c === 'c') continue;
			else return failure('unsupported option (BSD syntax)');
		}
	}
	if (bsdA && bsdX) all = true;
	return { ok: true, args: { all, bsdA, bsdX, full, user, ...(format !== undefined ? { format } : {}), pids, commands, users, wide, headers } };
}
