// A command-line parser with spf13/pflag v1.0.10 semantics (the version Istio's go.mod pins),
// because learners will type the same odd forms real users do: `-p15001`, `-p=15001`, `-nk eth1`,
// `--envoy-port 15001`, `-x ""`, a value that starts with a dash (pflag takes it), `--` ending the
// flags. Errors are pflag's own texts; cobra prints them after "Error: ".

import { goQuote, goQuoteRune } from './go-text';
import { err, ok, type Result } from './types';

export interface FlagDef {
	readonly name: string;
	readonly short?: string;
	/** Value used when the flag is given without one (`--dry-run`); bool flags have "true". */
	readonly noOptDefVal?: string;
	/** Stores a value; returns the parse error's text (e.g. strconv's) when it is not valid. */
	readonly set: (value: string) => string | null;
}

export interface ParsedArgs {
	/** Words that are not flags; istio-iptables accepts and ignores them (no cobra Args check). */
	readonly positionals: string[];
	readonly help: boolean;
}

/** pflag's InvalidValueError: names the flag as `-n, --dry-run` or `--probe-timeout`. */
function invalidValue(def: FlagDef, value: string, cause: string): string {
	const name = def.short === undefined ? `--${def.name}` : `-${def.short}, --${def.name}`;
	return `invalid argument ${goQuote(value)} for ${goQuote(name)} flag: ${cause}`;
}

class Parser {
	private readonly byName = new Map<string, FlagDef>();
	private readonly byShort = new Map<string, FlagDef>();
	readonly positionals: string[] = [];

	constructor(defs: readonly FlagDef[]) {
		for (const def of defs) {
			this.byName.set(def.name, def);
			if (def.short !== undefined) this.byShort.set(def.short, def);
		}
	}

	private apply(def: FlagDef, value: string): string | null {
		const cause = def.set(value);
		return cause === null ? null : invalidValue(def, value, cause);
	}

	/** `--name`, `--name=value` or `--name value` (the next word is taken even if it starts with -). */
	parseLong(word: string, rest: string[]): Result<string[]> {
		const body = word.slice(2);
		if (body === '' || body.startsWith('-') || body.startsWith('=')) return err(`bad flag syntax: ${word}`);
		const eq = body.indexOf('=');
		const name = eq < 0 ? body : body.slice(0, eq);
		const def = this.byName.get(name);
		if (def === undefined) return err(`unknown flag: --${name}`);
		let value: string;
		let remaining = rest;
		if (eq >= 0) value = body.slice(eq + 1);
		else if (def.noOptDefVal !== undefined) value = def.noOptDefVal;
		else if (rest.length > 0) [value, remaining] = [rest[0] ?? '', rest.slice(1)];
		else return err(`flag needs an argument: --${name}`);
		const failure = this.apply(def, value);
		return failure === null ? ok(remaining) : err(failure);
	}

	/** One letter of a `-abc` group; returns the letters left and the words left. */
	private parseOneShort(shorts: string, rest: string[]): Result<{ shorts: string; rest: string[] }> {
		// Go test binaries pass -test.v and the like; pflag skips them.
		if (shorts.startsWith('test.')) return ok({ shorts: '', rest });
		const c = shorts[0] ?? '';
		const def = this.byShort.get(c);
		if (def === undefined) return err(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
		let value: string;
		let left = shorts.slice(1);
		let remaining = rest;
		if (shorts.length > 2 && shorts[1] === '=') [value, left] = [shorts.slice(2), ''];
		else if (def.noOptDefVal !== undefined) value = def.noOptDefVal;
		else if (shorts.length > 1) [value, left] = [shorts.slice(1), ''];
		else if (rest.length > 0) [value, remaining] = [rest[0] ?? '', rest.slice(1)];
		else return err(`flag needs an argument: ${goQuoteRune(c)} in -${shorts}`);
		const failure = this.apply(def, value);
		return failure === null ? ok({ shorts: left, rest: remaining }) : err(failure);
	}

	/**
	 * `-abc`: letters are read left to right; bool letters take no value, and the first letter
	 * that takes one consumes the rest of the group (`-p15001`) or, at the end, the next word.
	 */
	parseShort(word: string, rest: string[]): Result<string[]> {
		let shorts = word.slice(1);
		let remaining = rest;
		while (shorts.length > 0) {
			const step = this.parseOneShort(shorts, rest);
			if (!step.ok) return err(step.error);
			shorts = step.value.shorts;
			remaining = step.value.rest;
		}
		return ok(remaining);
	}
}

/**
 * Parses `args` (the words after the sub-command name) against `defs`. The help flag is expected
 * among the defs, as cobra adds it; `help` reports whether it ended up true.
 */
export function parseFlags(args: readonly string[], defs: readonly FlagDef[], isHelp: () => boolean): Result<ParsedArgs> {
	const parser = new Parser(defs);
	let rest = [...args];
	while (rest.length > 0) {
		const word = rest[0] ?? '';
		rest = rest.slice(1);
		if (word.length < 2 || !word.startsWith('-')) {
			parser.positionals.push(word);
			continue;
		}
		if (word === '--') {
			parser.positionals.push(...rest);
			break;
		}
		const next = word.startsWith('--') ? parser.parseLong(word, rest) : parser.parseShort(word, rest);
		if (!next.ok) return err(next.error);
		rest = next.value;
	}
	return ok({ positionals: parser.positionals, help: isHelp() });
}
