// jq(1), behaving as jq 1.6: -r -j -c -n -e -s -S -R, --tab, --indent N, --arg, --argjson.
// Compile errors exit 3, runtime errors 5 (after the remaining inputs), missing files 2, input
// that is not JSON 4 after printing jq's parse error (recorded cases jq-*).

import type { CommandContext, CommandSpec } from '../../types';
import { readOperand } from '../util';
import { BUILTIN_ARITY, isFormat } from './builtins';
import { type Env, run } from './eval';
import { dump, type J, parseStream } from './json';
import { type F, JqSyntaxError, parseFilter } from './parse';
import { JqError } from './value';

const PARSE_ERROR_EXIT = 4;
const HELP_HINT = 'Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n';
const USAGE = `Usage:\tjq [OPTIONS] FILTER [FILES...]\n\tjq [OPTIONS] --args FILTER [ARGUMENTS...]\n\n${HELP_HINT}`;

/** Names a filter uses that jq would not know: `foo/0 is not defined`, `$x is not defined`. */
function undefinedName(f: F, bound: ReadonlySet<string>): string | undefined {
	const sub = (...fs: (F | undefined)[]): string | undefined => {
		for (const x of fs) {
			if (x === undefined) continue;
			const u = undefinedName(x, bound);
			if (u !== undefined) return u;
		}
		return undefined;
	};
	switch (f.k) {
		case 'call':
			if (!(BUILTIN_ARITY.get(f.name) ?? []).includes(f.args.length)) return `${f.name}/${f.args.length} is not defined`;
			return sub(...f.args);
		case 'format':
			return isFormat(f.name) ? undefined : `${f.name} is not a valid format`;
		case 'var':
			return bound.has(f.name) || f.name === 'ENV' || f.name === '__loc__' ? undefined : `$${f.name} is not defined`;
		case 'as':
			return sub(f.src) ?? undefinedName(f.body, new Set([...bound, f.name]));
		case 'reduce':
			return sub(f.src, f.init) ?? undefinedName(f.update, new Set([...bound, f.name]));
		case 'field':
		case 'iter':
			return sub(f.target);
		case 'index':
			return sub(f.target, f.index);
		case 'slice':
			return sub(f.target, f.from, f.to);
		case 'try':
			return sub(f.body, f.catch);
		case 'str':
			if (f.format !== undefined && !isFormat(f.format)) return `${f.format} is not a valid format`;
			return sub(...f.parts.filter((p): p is F => typeof p !== 'string'));
		case 'array':
			return sub(f.body);
		case 'object':
			return sub(...f.entries.flatMap((e) => [e.key, e.value]));
		case 'pipe':
		case 'comma':
		case 'alt':
		case 'and':
		case 'or':
		case 'bin':
			return sub(f.a, f.b);
		case 'neg':
			return sub(f.a);
		case 'if':
			return sub(f.cond, f.then, f.else);
		default:
			return undefined;
	}
}

function compileError(message: string, program: string, at: number): string {
	return `jq: error: ${message} at <top-level>, line 1:\n${program}${' '.repeat(at)}\njq: 1 compile error\n`;
}

interface Input {
	readonly value: J;
	readonly where: string;
}

export const jq: CommandSpec = {
	name: 'jq',
	help: { summary: { en: 'filter and reshape JSON', zh: '筛选和变换 JSON' }, usage: 'jq [OPTIONS] FILTER [FILES...]' },
	run(args, ctx) {
		const flags = new Set<string>();
		const vars = new Map<string, J>();
		let indent = 2;
		let filter: string | undefined;
		const files: string[] = [];
		for (let i = 0; i < args.length; i++) {
			const a = args[i] as string;
			if (a === '--arg' || a === '--argjson') {
				const name = args[i + 1];
				const value = args[i + 2];
				if (name === undefined || value === undefined) return { stdout: '', stderr: `jq: ${a} takes two parameters (e.g. ${a} varname ${a === '--arg' ? 'value' : 'text'})\n${HELP_HINT}`, exitCode: 2 };
				if (a === '--arg') vars.set(name, value);
				else {
					const p = parseStream(value);
					if (p.error !== undefined || p.values.length !== 1) return { stdout: '', stderr: `jq: invalid JSON text passed to --argjson\n${HELP_HINT}`, exitCode: 2 };
					vars.set(name, p.values[0] as J);
				}
				i += 2;
			} else if (a === '--indent') {
				indent = Math.min(7, Math.max(0, Number(args[++i] ?? 2)));
			} else if (a.startsWith('--') && a.length > 2) {
				const long: Record<string, string> = { '--raw-output': 'r', '--join-output': 'j', '--compact-output': 'c', '--null-input': 'n', '--exit-status': 'e', '--slurp': 's', '--sort-keys': 'S', '--raw-input': 'R', '--tab': 'tab', '--monochrome-output': 'M', '--color-output': 'C', '--ascii-output': 'a' };
				const f = long[a];
				if (f === undefined) return { stdout: '', stderr: `jq: Unknown option: ${a}\n${HELP_HINT}`, exitCode: 2 };
				flags.add(f);
			} else if (a.startsWith('-') && a.length > 1 && filter === undefined) {
				for (const c of a.slice(1)) {
					if (!'rjcnesSRMCah'.includes(c)) return { stdout: '', stderr: `jq: Unknown option: ${a}\n${HELP_HINT}`, exitCode: 2 };
					flags.add(c);
				}
			} else if (filter === undefined) filter = a;
			else files.push(a);
		}
		if (flags.has('h')) return { stdout: USAGE, stderr: '', exitCode: 0 };
		if (filter === undefined) return { stdout: '', stderr: USAGE, exitCode: 2 };
		let f: F;
		try {
			f = parseFilter(filter);
		} catch (e) {
			if (!(e instanceof JqSyntaxError)) throw e;
			const quoting = e.message.startsWith('syntax error') ? ' (Unix shell quoting issues?)' : '';
			return { stdout: '', stderr: compileError(`${e.message}${quoting}`, filter, e.at), exitCode: 3 };
		}
		const missing = undefinedName(f, new Set(vars.keys()));
		if (missing !== undefined) return { stdout: '', stderr: compileError(missing, filter, 0), exitCode: 3 };
		const environ = new Map<string, J>([...ctx.env].map(([k, v]) => [k, v] as [string, J]));
		const env: Env = { vars, budget: ctx.budget, environ };
		const indentOf = flags.has('c') ? 0 : indent;
		let out = '';
		let err = '';
		let status = 0;
		let last: J | undefined;
		const emit = (input: Input): void => {
			try {
				for (const v of run(f, input.value, env)) {
					last = v;
					const text = flags.has('r') || flags.has('j') ? (typeof v === 'string' ? v : dump(v, { indent: indentOf, sortKeys: flags.has('S') })) : dump(v, { indent: indentOf, sortKeys: flags.has('S') });
					out += flags.has('tab') && indentOf > 0 ? text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)) : text;
					if (!flags.has('j')) out += '\n';
					if (out.length > ctx.limits.maxOutput) return;
				}
			} catch (e) {
				if (!(e instanceof JqError)) throw e;
				const msg = typeof e.value === 'string' ? e.value : `${dump(e.value, { indent: 0 })} (not a string)`;
				err += typeof e.value === 'string' ? `jq: error (at ${input.where}): ${msg}\n` : `jq: error (at ${input.where}) (not a string): ${dump(e.value, { indent: 0 })}\n`;
				status = 5;
			}
		};
		const inputs = readInputs(ctx, files, flags);
		if (flags.has('n')) emit({ value: flags.has('s') ? inputs.values.map((x) => x.value) : null, where: '<unknown>' });
		else if (flags.has('s')) emit({ value: inputs.values.map((x) => x.value), where: inputs.values.at(-1)?.where ?? '<unknown>' });
		else for (const input of inputs.values) emit(input);
		err = inputs.errors + err;
		if (inputs.parseError !== undefined) {
			err += `${inputs.parseError}\n`;
			// jq 1.6 (Debian 12) exits with 4 for input it cannot parse (recorded case jq-invalid-json).
			status = PARSE_ERROR_EXIT;
		}
		if (inputs.missing) status = 2;
		if (flags.has('e') && status === 0) status = last === undefined ? 4 : last === null || last === false ? 1 : 0;
		return { stdout: out, stderr: err, exitCode: status };
	},
};

function readInputs(ctx: CommandContext, files: readonly string[], flags: ReadonlySet<string>): { values: Input[]; errors: string; missing: boolean; parseError?: string } {
	const values: Input[] = [];
	let errors = '';
	let missing = false;
	if (flags.has('n') && !flags.has('s')) return { values, errors, missing };
	for (const name of files.length === 0 ? ['-'] : files) {
		const r = readOperand(ctx, name);
		if (!r.ok) {
			errors += `jq: error: Could not open file ${name}: ${r.error}\n`;
			missing = true;
			continue;
		}
		const where = `${name === '-' ? '<stdin>' : name}:${r.text.split('\n').length - 1}`;
		if (flags.has('R')) {
			for (const line of r.text.split('\n').slice(0, r.text.endsWith('\n') ? -1 : undefined)) values.push({ value: line, where });
			continue;
		}
		const p = parseStream(r.text);
		for (const v of p.values) values.push({ value: v, where });
		if (p.error !== undefined) return { values, errors, missing, parseError: p.error };
	}
	return { values, errors, missing };
}
