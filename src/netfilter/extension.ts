// The contract every match (`-m NAME`) and target (`-j NAME`) extension fulfils. As in iptables,
// each extension owns its options: it parses them, checks them once the rule is complete, and
// prints them back in canonical form for iptables-save/-S and for the options column of -L.

import { param, ok, type XtResult } from './errors';
import type { NameResolver } from './names';
import type { MatchContext, MatchResult, TargetContext, TargetResult } from './engine/types';
import type { Backend, Family, Hook, ProtocolSpec, TableName } from './types';

export interface OptionSpec {
	/** Long option name without the leading `--`. */
	readonly name: string;
	/** Number of arguments the option takes (`--tcp-flags MASK COMP` takes two). */
	readonly args: 0 | 1 | 2;
	/** Whether `! --opt` is accepted. */
	readonly invertible?: boolean;
	/** Options that may be repeated (xtables rejects a repeated option unless told otherwise). */
	readonly repeatable?: boolean;
	/** xtables' XTOPT_MAND: "option ... must be specified". */
	readonly required?: boolean;
	/** Options this one needs besides itself (xtables' .also), checked once the rule is parsed. */
	readonly also?: readonly string[];
	/** Options this one cannot be combined with (xtables' .excl). */
	readonly excludes?: readonly string[];
	/** For an alias, the option it stands for (`sports` -> `source-ports`). */
	readonly aliasOf?: string;
}

/** What an extension sees while parsing: the rule's family, table and the -p given so far. */
export interface ParseContext {
	readonly family: Family;
	readonly backend: Backend;
	readonly table: TableName;
	readonly resolver: NameResolver;
	readonly protocol: ProtocolSpec | undefined;
	/** Non-fatal warnings the real tool prints on stderr while parsing. */
	warn(message: string): void;
}

export interface PrintContext {
	readonly family: Family;
	/** `-n`: no name lookups for addresses, ports, users. */
	readonly numeric: boolean;
	readonly resolver: NameResolver;
	readonly protocol: ProtocolSpec | undefined;
}

export interface Extension<D> {
	readonly name: string;
	readonly options: readonly OptionSpec[];
	init(ctx: ParseContext): D;
	parse(data: D, option: string, args: readonly string[], invert: boolean, ctx: ParseContext): XtResult<D>;
	/** Checks run once the whole rule is parsed (xtables' x6_fcheck). */
	finalCheck?(data: D, ctx: ParseContext): XtResult<D>;
	/** Canonical options text for iptables-save/-S, without a leading space; '' when none. */
	save(data: D, ctx: PrintContext): string;
	/** Text for the options column of `iptables -L`, without a leading space; '' prints nothing. */
	list(data: D, ctx: PrintContext): string;
}

export interface MatchExtension<D> extends Extension<D> {
	readonly kind: 'match';
	/** Hooks the kernel accepts this match in (xt_match.hooks); undefined = all. */
	readonly hooks?: readonly Hook[];
	/** The protocol the kernel requires (xt_match.proto), e.g. tcp for the tcp match. */
	readonly protocols?: readonly number[];
	/** Packet evaluation (xt_match.match): pure, and says which selector failed when it fails. */
	matches?(data: D, ctx: MatchContext): MatchResult;
}

export interface TargetExtension<D> extends Extension<D> {
	readonly kind: 'target';
	/** Table the kernel restricts this target to (xt_target.table); undefined = any. */
	readonly table?: TableName;
	readonly hooks?: readonly Hook[];
	/** Protocols the kernel requires (e.g. TPROXY needs -p tcp or -p udp). */
	readonly protocols?: readonly number[];
	/** Packet evaluation (xt_target.target): pure; the engine applies the effect it returns. */
	verdict?(data: D, ctx: TargetContext): TargetResult;
}

// ---- helpers shared by extensions -------------------------------------------------------------

const U32 = 0xffffffff;

/** strtoul(s, NULL, 0) restricted to a whole string: decimal, 0x hex or 0-prefixed octal. */
export function parseUInt(text: string, max = U32): number | undefined {
	let n: number;
	if (/^0x[0-9a-f]+$/i.test(text)) n = parseInt(text.slice(2), 16);
	else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8);
	else if (/^[1-9][0-9]*$/.test(text)) n = Number(text);
	else return undefined;
	return n <= max ? n : undefined;
}

export interface MarkMask {
	readonly value: number;
	readonly mask: number;
}

/** `value[/mask]` as the mark, connmark, MARK, TPROXY options take it; mask defaults to all ones. */
export function parseMarkMask(ext: string, option: string, text: string): XtResult<MarkMask & { hasMask: boolean }> {
	const [v, m, extra] = text.split('/');
	const value = v === undefined ? undefined : parseUInt(v);
	const mask = m === undefined ? U32 : parseUInt(m);
	if (value === undefined || mask === undefined || extra !== undefined) {
		return param(`${ext}: bad integer value for option "--${option}", or out of range.\n`);
	}
	return ok({ value, mask, hasMask: m !== undefined });
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** `0x539` or `0x1/0xff`: the mask is left out when it is all ones. */
export function markText(m: MarkMask): string {
	return m.mask === U32 ? hex(m.value) : `${hex(m.value)}/${hex(m.mask)}`;
}

/** How MARK and CONNMARK describe a value/mask pair in `iptables -L`, most specific word first. */
export function xmarkWord(m: MarkMask): string {
	if (m.value === 0) return `and ${hex(~m.mask)}`;
	if (m.value === m.mask) return `or ${hex(m.value)}`;
	if (m.mask === 0) return `xor ${hex(m.value)}`;
	if (m.mask === U32) return `set ${hex(m.value)}`;
	return `xset ${hex(m.value)}/${hex(m.mask)}`;
}

/**
 * A string argument as iptables-save prints it: bare when it is only letters and digits (and not
 * empty), otherwise
 * in double quotes with `"` and `\` escaped (xtables_save_string).
 */
export function quoteIfNeeded(text: string): string {
	if (/^[A-Za-z0-9]+$/.test(text)) return text;
	return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export const U32_MAX = U32;
