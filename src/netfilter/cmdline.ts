// The iptables command line (and each iptables-restore rule line, which goes through the same
// parser). Like iptables' getopt loop, it reads options and commands in any order, hands unknown
// long options to the loaded extensions, and loads the protocol's match implicitly when
// `-p tcp --dport 80` is written without `-m tcp`.

import { parseAddress } from './addr';
import { bare, ok, param, type XtResult } from './errors';
import type { MatchExtension, ParseContext, TargetExtension } from './extension';
import type { NameResolver } from './names';
import { protocolNumber } from './protocols';
import { MATCHES, PROTOCOL_MATCHES, STANDARD_VERDICTS, TARGETS } from './registry';
import { COMMANDS, LONG_OPTIONS, WITH_ARG, type CommandLetter } from './cmdline-spec';
import { IFNAME_MAX, type AddressSpec, type Backend, type Counters, type Family, type Rule, type Target } from './types';

export type { CommandLetter } from './cmdline-spec';

export interface CommandLine {
	readonly command?: CommandLetter;
	/** -L -Z together list then zero. */
	readonly zeroToo: boolean;
	readonly chain?: string;
	readonly rulenum?: number;
	/** -P's policy or -E's new name. */
	readonly second?: string;
	readonly table: string;
	readonly numeric: boolean;
	readonly verbose: boolean;
	readonly exact: boolean;
	readonly lineNumbers: boolean;
	readonly rule: Rule;
	/**
	 * `-s a,b -d c` stands for one rule per source and destination pair, in that order
	 * (iptables loops over sources, then destinations). `rule` is the first of them.
	 */
	readonly rules: readonly Rule[];
	/** Whether any rule-specification option was given. */
	readonly hasRuleSpec: boolean;
}

export interface CmdlineContext {
	readonly family: Family;
	readonly backend: Backend;
	readonly resolver: NameResolver;
	/** iptables-restore refuses -t inside a table section. */
	readonly inRestore: boolean;
	warn(message: string): void;
}

interface Loaded<E> {
	readonly ext: E;
	data: unknown;
	/** Options already given to this instance: xtables refuses most of them twice. */
	readonly used: Set<string>;
}

function isDigits(s: string): boolean {
	return /^\d+$/.test(s);
}

function parseRulenum(text: string): XtResult<number> {
	return isDigits(text) && Number(text) >= 1 ? ok(Number(text)) : param(`Invalid rule number \`${text}'`);
}

/** Splits `argv` into (option, argument) events the way getopt_long would see them. */
export function parseCommandLine(argv: readonly string[], ctx: CmdlineContext): XtResult<CommandLine> {
	let command: CommandLetter | undefined;
	let zeroToo = false;
	let chain: string | undefined;
	let rulenum: number | undefined;
	let second: string | undefined;
	let table: string | undefined;
	let numeric = false, verbose = false, exact = false, lineNumbers = false, hasRuleSpec = false;
	let invert = false;
	const rule: { -readonly [K in keyof Rule]: Rule[K] } = { matches: [], counters: { packets: 0n, bytes: 0n } };
	const matches: Loaded<MatchExtension<unknown>>[] = [];
	let target: Loaded<TargetExtension<unknown>> | undefined;
	let protoMatchLoaded = false;
	let srcs: (AddressSpec | undefined)[] = [];
	let dsts: (AddressSpec | undefined)[] = [];

	const pctx = (): ParseContext => ({ family: ctx.family, backend: ctx.backend, table: (table ?? 'filter') as ParseContext['table'], resolver: ctx.resolver, protocol: rule.protocol, warn: ctx.warn });

	let i = 0;
	const next = (): string | undefined => argv[i++];
	const peekPositional = (): string | undefined => {
		const t = argv[i];
		return t !== undefined && !t.startsWith('-') && !t.startsWith('!') ? (i++, t) : undefined;
	};

	const setCommand = (letter: CommandLetter, arg: string | undefined, shown: string): XtResult<void> => {
		if (command !== undefined) {
			const listZero = (command === 'L' || command === 'S') && letter === 'Z';
			const zeroList = command === 'Z' && (letter === 'L' || letter === 'S');
			if (!listZero && !zeroList) return param(`Cannot use -${letter} with -${command}`);
			zeroToo = true;
			if (zeroList) command = letter;
		} else command = letter;
		const spec = COMMANDS[letter];
		if (spec.chain === 'required') {
			const c = arg ?? next();
			if (c === undefined) return param(`option "${shown}" requires an argument`);
			chain = c;
		} else if (spec.chain === 'optional') chain = arg ?? peekPositional() ?? chain;
		if (spec.num !== 'none') {
			const n = peekPositional();
			if (n !== undefined) {
				const r = parseRulenum(n);
				if (!r.ok) return r;
				rulenum = r.value;
			} else if (spec.num === 'required') return param(`-${letter} requires a rule number`);
		}
		if (spec.second !== undefined) {
			const s = peekPositional();
			if (s === undefined) {
				return param(letter === 'P' ? '-P requires a chain and a policy' : '-E requires old-chain-name and new-chain-name');
			}
			second = s;
		}
		if (letter === 'N' || letter === 'E') {
			const name = letter === 'N' ? (chain ?? '') : (second ?? '');
			if (name.length > 28) return param(`chain name \`${name}' too long (must be under 29 chars)`);
			if (name.startsWith('-')) return param("chain name not allowed to start with `-'");
			if ((STANDARD_VERDICTS as readonly string[]).includes(name) || TARGETS.has(name)) return param('chain name may not clash with target name');
		}
		return ok(undefined);
	};

	const generic = (letter: string, arg: string | undefined, shown: string): XtResult<void> => {
		const inv = invert;
		invert = false;
		const once = <K extends keyof Rule>(key: K, flag: string, value: Rule[K]): XtResult<void> => {
			if (rule[key] !== undefined) return param(`multiple -${flag} flags not allowed`);
			rule[key] = value;
			hasRuleSpec = true;
			return ok(undefined);
		};
		switch (letter) {
			case 'p': {
				const n = protocolNumber(arg ?? '', ctx.resolver);
				if (n === undefined) return param(`unknown protocol "${arg}" specified`);
				if (n === 0 && inv) return param('rule would never match protocol');
				return once('protocol', 'p', n === 0 && !inv ? undefined : { number: n, invert: inv });
			}
			case 's':
			case 'd': {
				const list: (AddressSpec | undefined)[] = [];
				for (const item of (arg ?? '').split(',')) {
					const a = parseAddress(item, ctx.family, inv, ctx.resolver);
					if (!a.ok) return a;
					list.push(a.value);
				}
				if ((letter === 's' ? srcs : dsts).length > 0) return param(`multiple -${letter} flags not allowed`);
				if (letter === 's') srcs = list;
				else dsts = list;
				return once(letter === 's' ? 'src' : 'dst', letter, list[0]);
			}
			case 'i':
			case 'o': {
				const name = arg ?? '';
				if (name.length > IFNAME_MAX) return param(`interface name \`${name}' must be shorter than IFNAMSIZ (${IFNAME_MAX})`);
				return once(letter === 'i' ? 'inIface' : 'outIface', letter, { name, invert: inv });
			}
			case 'f':
				return once('fragment', 'f', { invert: inv });
			case 'j':
			case 'g': {
				if (rule.target !== undefined) return param(`multiple -${letter} flags not allowed`);
				hasRuleSpec = true;
				const name = arg ?? '';
				if (letter === 'j' && (STANDARD_VERDICTS as readonly string[]).includes(name)) {
					rule.target = { kind: 'verdict', verdict: name as 'ACCEPT' };
				} else if (letter === 'j' && TARGETS.has(name)) {
					const ext = TARGETS.get(name) as TargetExtension<unknown>;
					target = { ext, data: ext.init(pctx()), used: new Set<string>() };
					rule.target = { kind: 'extension', name, data: undefined };
				} else rule.target = { kind: 'jump', chain: name, goto: letter === 'g' };
				return ok(undefined);
			}
			case 'm': {
				const ext = MATCHES.get(arg ?? '') as MatchExtension<unknown> | undefined;
				if (ext === undefined) return param(`Couldn't load match \`${arg}':No such file or directory\n`);
				matches.push({ ext, data: ext.init(pctx()), used: new Set<string>() });
				if (PROTOCOL_MATCHES.get(rule.protocol?.number ?? -1) === ext.name) protoMatchLoaded = true;
				hasRuleSpec = true;
				return ok(undefined);
			}
			case 'c': {
				const b = next();
				if (!isDigits(arg ?? '') || b === undefined || !isDigits(b)) return param('-c packet counter not numeric');
				rule.counters = { packets: BigInt(arg ?? '0'), bytes: BigInt(b) } satisfies Counters;
				return ok(undefined);
			}
			case 't':
				if (ctx.inRestore) return param('The -t option cannot be used in iptables-restore.\n');
				table = arg;
				return ok(undefined);
			case 'n':
				numeric = true;
				return ok(undefined);
			case 'v':
				verbose = true;
				return ok(undefined);
			case 'x':
				exact = true;
				return ok(undefined);
			case '0':
				lineNumbers = true;
				return ok(undefined);
			case 'w':
				if (arg === undefined && argv[i] !== undefined && isDigits(argv[i] ?? '')) i++;
				return ok(undefined);
			default:
				// -W, -M, -4, -6: accepted and without effect in the simulator.
				return ok(undefined);
		}
	};

	const extensionOption = (name: string, inlineArg: string | undefined, shown: string): XtResult<boolean> => {
		const inv = invert;
		const tryExt = (l: Loaded<MatchExtension<unknown> | TargetExtension<unknown>>): XtResult<boolean> | undefined => {
			const spec = l.ext.options.find((o) => o.name === name);
			if (spec === undefined) return undefined;
			const args: string[] = [];
			if (spec.args > 0) {
				const first = inlineArg ?? next();
				if (first === undefined) return param(`option "${shown}" requires an argument`);
				args.push(first);
				if (spec.args === 2) {
					const second2 = next();
					if (second2 === undefined) return param(`option "${shown}" requires an argument`);
					args.push(second2);
				}
			}
			if (inv && !spec.invertible) return param(`${l.ext.name}: option "--${name}" cannot be inverted.\n`);
			const canonical = spec.aliasOf ?? spec.name;
			if (l.used.has(canonical) && !spec.repeatable) return param(`${l.ext.name}: option "--${canonical}" can only be used once.\n`);
			const clash = l.ext.options.find((o) => o.aliasOf === undefined && o.name !== canonical && l.used.has(o.name) && (spec.excludes ?? []).includes(o.name));
			if (clash !== undefined) {
				// xtables names the two options in the order of the extension's option table.
				const pos = (n: string): number => l.ext.options.findIndex((o) => o.name === n);
				const [a, b] = pos(clash.name) < pos(canonical) ? [clash.name, canonical] : [canonical, clash.name];
				return param(`${l.ext.name}: option "--${a}" cannot be used together with "--${b}".\n`);
			}
			l.used.add(canonical);
			const r = l.ext.parse(l.data, name, args, inv, pctx());
			if (!r.ok) return r;
			l.data = r.value;
			invert = false;
			return ok(true);
		};
		if (target !== undefined) {
			const r = tryExt(target);
			if (r !== undefined) return r;
		}
		// The most recently loaded match that knows the option gets it (`-m owner --uid-owner 1
		// -m owner --gid-owner 1` stays two matches).
		for (const m of [...matches].reverse()) {
			const r = tryExt(m);
			if (r !== undefined) return r;
		}
		const implicit = PROTOCOL_MATCHES.get(rule.protocol?.number ?? -1);
		if (implicit !== undefined && !protoMatchLoaded) {
			const ext = MATCHES.get(implicit) as MatchExtension<unknown>;
			const loaded = { ext, data: ext.init(pctx()), used: new Set<string>() };
			const r = tryExt(loaded);
			if (r !== undefined) {
				protoMatchLoaded = true;
				matches.push(loaded);
				return r;
			}
		}
		return ok(false);
	};

	while (i < argv.length) {
		const tok = next() ?? '';
		if (tok === '!') {
			if (invert) return param('multiple consecutive ! not allowed');
			invert = true;
			continue;
		}
		if (tok.startsWith('--') && tok.length > 2) {
			const eq = tok.indexOf('=');
			const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
			const inlineArg = eq < 0 ? undefined : tok.slice(eq + 1);
			const ext = extensionOption(name, inlineArg, tok);
			if (!ext.ok) return ext;
			if (ext.value) continue;
			const exact = LONG_OPTIONS[name];
			const prefixed = Object.keys(LONG_OPTIONS).filter((k) => k.startsWith(name));
			const letter = exact ?? (prefixed.length === 1 ? LONG_OPTIONS[prefixed[0] ?? ''] : undefined);
			if (letter === undefined) return param(`unknown option "${tok}"`);
			// With `--jump=X` iptables 1.8.9 takes the whole word as the target name (observed:
			// "Chain '--jump=DROP' does not exist").
			const r = dispatch(letter, letter === 'j' && inlineArg !== undefined ? tok : inlineArg, tok);
			if (!r.ok) return r;
			continue;
		}
		if (tok.startsWith('-') && tok.length > 1) {
			for (let k = 1; k < tok.length; k++) {
				const letter = tok[k] ?? '';
				const rest = tok.slice(k + 1);
				const takesArg = WITH_ARG.has(letter) || (letter in COMMANDS && COMMANDS[letter as CommandLetter].chain === 'required');
				if (!takesArg && !(letter in COMMANDS) && !'nvxfw46'.includes(letter)) {
					return param(`unknown option "-${letter}"`);
				}
				// As with `--jump=X`, `-jX` makes the whole word the target name (observed).
				const inline = takesArg && rest !== '' ? (letter === 'j' ? tok : rest) : undefined;
				const r = dispatch(letter, inline, `-${letter}`);
				if (!r.ok) return r;
				if (takesArg && rest !== '') break;
			}
			continue;
		}
		return bare(`Bad argument \`${tok}'`);
	}

	function dispatch(letter: string, arg: string | undefined, shown: string): XtResult<void> {
		if (letter in COMMANDS) {
			if (invert) return param(`cannot have ! before ${shown}`);
			return setCommand(letter as CommandLetter, arg, shown);
		}
		let a = arg;
		if (WITH_ARG.has(letter) && a === undefined) {
			a = next();
			if (a === undefined) return param(`option "${shown}" requires an argument`);
		}
		return generic(letter, a, shown);
	}

	// Final checks of every extension once the whole rule is known (x6_fcheck): mandatory options
	// first, then the extension's own checks.
	// Once the whole rule is known, each match and then the target is checked as
	// xtables_option_mfcheck/tfcheck do: the extension's own x6_fcheck first, then
	// xtables_options_fcheck over its option table ("must be specified", "also requires").
	const finalCheck = (l: Loaded<MatchExtension<unknown> | TargetExtension<unknown>>): XtResult<unknown> => {
		const r = l.ext.finalCheck ? l.ext.finalCheck(l.data, pctx()) : ok(l.data);
		if (!r.ok) return r;
		for (const o of l.ext.options) {
			if (o.required && !l.used.has(o.name)) return param(`${l.ext.name}: option "--${o.name}" must be specified\n`);
			if (!l.used.has(o.name)) continue;
			const needed = (o.also ?? []).find((a) => !l.used.has(a));
			if (needed !== undefined) return param(`${l.ext.name}: option "--${o.name}" also requires "--${needed}".\n`);
		}
		return r;
	};
	const final: { name: string; data: unknown }[] = [];
	for (const m of matches) {
		const r = finalCheck(m);
		if (!r.ok) return r;
		final.push({ name: m.ext.name, data: r.value });
	}
	rule.matches = final;
	if (target !== undefined) {
		const r = finalCheck(target);
		if (!r.ok) return r;
		rule.target = { kind: 'extension', name: target.ext.name, data: r.value } satisfies Target;
	}
	if (chain !== undefined && (command === 'A' || command === 'I' || command === 'R' || command === 'D' || command === 'C')) {
		if (rule.inIface && (chain === 'OUTPUT' || chain === 'POSTROUTING')) return param(`Can't use -i with ${chain}\n`);
		if (rule.outIface && (chain === 'INPUT' || chain === 'PREROUTING')) return param(`Can't use -o with ${chain}\n`);
	}
	const rules: Rule[] = [];
	for (const s of srcs.length > 0 ? srcs : [rule.src]) {
		for (const d of dsts.length > 0 ? dsts : [rule.dst]) {
			const { src: _s, dst: _d, ...rest } = rule;
			rules.push({ ...rest, ...(s ? { src: s } : {}), ...(d ? { dst: d } : {}) });
		}
	}
	return ok({
		...(command !== undefined ? { command } : {}),
		rules,
		zeroToo,
		...(chain !== undefined ? { chain } : {}),
		...(rulenum !== undefined ? { rulenum } : {}),
		...(second !== undefined ? { second } : {}),
		table: table ?? 'filter',
		numeric,
		verbose,
		exact,
		lineNumbers,
		rule,
		hasRuleSpec,
	});
}
