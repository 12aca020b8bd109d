// bash's printf builtin: the format is reused while arguments remain; numbers accept 0x, leading
// 0 (octal) and 'c (a character's code); a bad number prints 0 and makes the status 1.

import type { CommandSpec } from '../../types';
import { echoEscapes } from '../echo';
import { fail, ok } from '../util';

const FORMAT_ESC: Readonly<Record<string, string>> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function parseInteger(arg: string): { value: bigint; ok: boolean } {
	const s = arg.trim();
	if (/^['"]/.test(s)) return { value: BigInt(s.codePointAt(1) ?? 0), ok: true };
	const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
	if (m === null) return { value: 0n, ok: s === '' };
	const body = m[2] as string;
	let v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
	if (m[1] === '-') v = -v;
	return { value: BigInt.asIntN(64, v), ok: m[0].length === s.length };
}

function parseFloatArg(arg: string): { value: number; ok: boolean } {
	const s = arg.trim();
	if (/^['"]/.test(s)) return { value: s.codePointAt(1) ?? 0, ok: true };
	const m = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|nan)/i.exec(s);
	if (m === null) return { value: 0, ok: s === '' };
	return { value: Number(m[0].replace(/inf/i, 'Infinity')), ok: m[0].length === s.length };
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
	if (s.length >= width) return s;
	if (left) return s.padEnd(width);
	if (zero) {
		const sign = /^[+-]/.test(s) ? (s[0] as string) : '';
		return sign + s.slice(sign.length).padStart(width - sign.length, '0');
	}
	return s.padStart(width);
}

/** %e as C prints it: at least two exponent digits. */
function cExp(v: number, prec: number, upper: boolean): string {
	const s = v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
	return upper ? s.toUpperCase() : s;
}

function cGeneral(v: number, prec: number, alt: boolean, upper: boolean): string {
	const p = prec === 0 ? 1 : prec;
	if (v === 0) return '0';
	const exp = Math.floor(Math.log10(Math.abs(v)));
	let s = exp < -4 || exp >= p ? cExp(v, p - 1, upper) : v.toFixed(Math.max(0, p - 1 - exp));
	if (!alt) s = s.replace(/\.?0+(?=$|e|E)/, '').replace(/\.(?=e|E|$)/, '');
	return s;
}

export const printf: CommandSpec = {
	name: 'printf',
	builtin: true,
	path: '/usr/bin/printf',
	help: { summary: { en: 'format and print data', zh: '按格式输出数据' }, usage: 'printf format [arguments]' },
	run(args) {
		const argv = args[0] === '--' ? args.slice(1) : args;
		if (argv.length === 0) return fail('bash: printf: usage: printf [-v var] format [arguments]\n', 2);
		const format = argv[0] as string;
		const rest = argv.slice(1);
		let out = '';
		let err = '';
		let status = 0;
		let ai = 0;
		const next = (): string | undefined => rest[ai++];
		for (let round = 0; round < 10_000; round++) {
			const before = ai;
			for (let i = 0; i < format.length; i++) {
				const c = format[i] as string;
				if (c === '\\') {
					const m = /^([0-7]{1,3}|x[0-9A-Fa-f]{1,2})/.exec(format.slice(i + 1));
					if (m !== null) {
						out += String.fromCharCode(m[0].startsWith('x') ? parseInt(m[0].slice(1), 16) : parseInt(m[0], 8) & 0xff);
						i += m[0].length;
					} else {
						const n = format[i + 1];
						out += n !== undefined && FORMAT_ESC[n] !== undefined ? FORMAT_ESC[n] : `\\${n ?? ''}`;
						i++;
					}
					continue;
				}
				if (c !== '%') {
					out += c;
					continue;
				}
				const m = /^([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXeEfFgGcsb%q])/.exec(format.slice(i + 1));
				if (m === null) {
					const bad = format[i + 1];
					if (bad === undefined) out += '%';
					else {
						err += `bash: printf: \`${bad}': invalid format character\n`;
						return { stdout: out, stderr: err, exitCode: 1 };
					}
					continue;
				}
				i += m[0].length;
				const flags = m[1] ?? '';
				const conv = m[4] as string;
				if (conv === '%') {
					out += '%';
					continue;
				}
				const star = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : v === '*' ? Number(parseInteger(next() ?? '0').value) : Number(v));
				const width = star(m[2]) ?? 0;
				const precision = m[3] === undefined ? undefined : (star(m[3]) ?? 0);
				const left = flags.includes('-') || width < 0;
				const zero = flags.includes('0') && !left;
				const arg = next();
				let s: string;
				if (conv === 's' || conv === 'q') s = precision === undefined ? (arg ?? '') : (arg ?? '').slice(0, precision);
				else if (conv === 'b') {
					const e = echoEscapes(arg ?? '');
					s = e.text;
				} else if (conv === 'c') s = (arg ?? '').slice(0, 1);
				else if ('diouxX'.includes(conv)) {
					const p = parseInteger(arg ?? '');
					if (!p.ok) {
						err += `bash: printf: ${arg}: invalid number\n`;
						status = 1;
					}
					let v = p.value;
					if ('ouxX'.includes(conv) && v < 0n) v = BigInt.asUintN(64, v);
					s = conv === 'o' ? v.toString(8) : conv === 'x' ? v.toString(16) : conv === 'X' ? v.toString(16).toUpperCase() : v.toString();
					if (precision !== undefined) s = s.replace(/^(-?)(\d*)$/, (_, sg: string, d: string) => sg + d.padStart(precision, '0'));
					if ((conv === 'd' || conv === 'i') && v >= 0n) s = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
				} else {
					const p = parseFloatArg(arg ?? '');
					if (!p.ok) {
						err += `bash: printf: ${arg}: invalid number\n`;
						status = 1;
					}
					const prec = precision ?? 6;
					s = conv === 'f' || conv === 'F' ? p.value.toFixed(prec) : conv === 'e' || conv === 'E' ? cExp(p.value, prec, conv === 'E') : cGeneral(p.value, prec, flags.includes('#'), conv === 'G');
					if (p.value >= 0) s = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
				}
				out += pad(s, Math.abs(width), left, zero && conv !== 's' && conv !== 'c' && conv !== 'b');
			}
			if (ai >= rest.length || ai === before) break;
		}
		return ok(out, err, status);
	},
};
