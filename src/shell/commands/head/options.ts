// What head(1) and tail(1) share: the count option (`-n N`, `-c N`, the old `-N`, the last of
// -n/-c winning), the header rule (`==> name <==` with -v, or for several files unless -q) and the
// loop over operands with GNU's "cannot open" message.

import type { CommandContext as Context } from '../../types';
import { has, last, parseOptions, readOperand, tryHelp } from '../util';

type Tool = 'head' | 'tail';

export interface CountOptions {
	/** -c (bytes) rather than -n (lines). */
	readonly bytes: boolean;
	/** The sign in front of the number: head's `-N` means "all but the last N", tail's `+N` "from the N-th". */
	readonly sign: '' | '-' | '+';
	readonly count: number;
	readonly names: readonly string[];
	readonly headers: boolean;
	readonly has: (flag: string) => boolean;
}

/** `head -3` and `tail -3` are the old spelling of `-n 3`. */
export function obsoleteCount(args: readonly string[]): readonly string[] {
	const first = args[0];
	return first !== undefined && /^-\d+$/.test(first) ? ['-n', first.slice(1), ...args.slice(1)] : args;
}

const LONG = { lines: { as: 'n', value: true }, bytes: { as: 'c', value: true }, quiet: { as: 'q', value: false }, silent: { as: 'q', value: false }, verbose: { as: 'v', value: false }, follow: { as: 'f', value: false } } as const;

/** Parses the arguments; an error is the whole message GNU prints. */
export function parseCountOptions(tool: Tool, args: readonly string[], flags: string, signs: RegExp): { ok: true; options: CountOptions } | { ok: false; error: string } {
	const long = tool === 'tail' ? LONG : { lines: LONG.lines, bytes: LONG.bytes, quiet: LONG.quiet, silent: LONG.silent, verbose: LONG.verbose };
	const p = parseOptions(tool, obsoleteCount(args), { flags, values: 'nc', long });
	if (!p.ok) return { ok: false, error: p.error + tryHelp(tool) };
	const bytes = p.opts.filter((o) => o.name === 'n' || o.name === 'c').at(-1)?.name === 'c';
	const spec = (bytes ? last(p.opts, 'c') : last(p.opts, 'n')) ?? '10';
	const m = signs.exec(spec.trim());
	if (m === null) return { ok: false, error: `${tool}: invalid number of ${bytes ? 'bytes' : 'lines'}: '${spec}'\n` };
	const names = p.operands.length === 0 ? ['-'] : p.operands;
	const sign = m[1] === '-' || m[1] === '+' ? m[1] : '';
	return {
		ok: true,
		options: { bytes, sign, count: Number(m[2]), names, headers: has(p.opts, 'v') || (names.length > 1 && !has(p.opts, 'q')), has: (f) => has(p.opts, f) },
	};
}

/**
 * Runs `pick` on each operand's text (or on standard input, which `pick` may read itself when
 * `text` is undefined) and joins the results with headers; unreadable files go to stderr.
 */
export function eachOperand(tool: Tool, ctx: Context, o: CountOptions, pick: (name: string, text: string | undefined) => string, readsStdinItself: boolean): { out: string; err: string } {
	let out = '';
	let err = '';
	let first = true;
	for (const name of o.names) {
		let text: string | undefined;
		if (!(name === '-' && readsStdinItself)) {
			const r = readOperand(ctx, name);
			if (!r.ok) {
				err += `${tool}: cannot open '${name}' for reading: ${r.error}\n`;
				continue;
			}
			text = r.text;
		}
		if (o.headers) out += `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`;
		first = false;
		out += pick(name, text);
	}
	return { out, err };
}
