// Commands by name, as the shell finds them on $PATH. Colleagues' commands (iptables, ss, curl)
// register here next to the shell's own; the registry is data, the interpreter only looks up.

import type { CommandSpec } from './types';

export class Registry {
	private readonly byName = new Map<string, CommandSpec>();

	constructor(specs: readonly CommandSpec[] = []) {
		for (const s of specs) this.register(s);
	}

	/** Adds a command under its name and aliases; a later registration of a name replaces it. */
	register(spec: CommandSpec): this {
		for (const name of [spec.name, ...(spec.aliases ?? [])]) {
			if (name === '' || /[\s/]/.test(name)) throw new Error(`command name ${JSON.stringify(name)} must be a non-empty word without '/'`);
			this.byName.set(name, spec);
		}
		return this;
	}

	get(name: string): CommandSpec | undefined {
		return this.byName.get(name);
	}

	/**
	 * Where a command lives on disk (`which`, and running it as /usr/sbin/iptables). A builtin has
	 * a path only when the system also ships it as a program (echo, printf, pwd, true, false).
	 */
	pathOf(spec: CommandSpec, name = spec.name): string | undefined {
		if (spec.path === undefined) return spec.builtin ? undefined : `/usr/bin/${name}`;
		return name === spec.name ? spec.path : `${spec.path.slice(0, spec.path.lastIndexOf('/'))}/${name}`;
	}

	/** Finds a command typed with a path, e.g. /usr/bin/grep. */
	byPath(path: string): { spec: CommandSpec; name: string } | undefined {
		for (const [name, spec] of this.byName) if (this.pathOf(spec, name) === path) return { spec, name };
		return undefined;
	}

	/** Every name that can be typed, sorted. */
	names(): string[] {
		return [...this.byName.keys()].sort();
	}

	/** Each command once, sorted by name. */
	commands(): CommandSpec[] {
		return [...new Set(this.byName.values())].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	}
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counting as one. */
function distance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const row = d[i] as number[];
			const prev = d[i - 1] as number[];
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
		}
	}
	return (d[a.length] as number[])[b.length] as number;
}

/** The closest known name to a mistyped one, if it is close enough to be a typo. */
export function closestName(typed: string, names: readonly string[]): string | undefined {
	if (typed.length > 64) return undefined;
	const max = typed.length <= 3 ? 1 : 2;
	let best: string | undefined;
	let bestDistance = max + 1;
	for (const name of names) {
		const dist = distance(typed, name);
		if (dist < bestDistance) {
			best = name;
			bestDistance = dist;
		}
	}
	return best;
}
