// bash's echo builtin: -n, -e, -E (combinable, e.g. -ne); anything else, even `--`, is printed.

import type { CommandSpec } from '../../types';
import { ok } from '../util';

const ESC: Readonly<Record<string, string>> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Backslash escapes of `echo -e` and printf's %b; `\c` ends all output. */
export function echoEscapes(s: string): { text: string; stop: boolean } {
	let text = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i] as string;
		if (c !== '\\' || i + 1 >= s.length) {
			text += c;
			continue;
		}
		const n = s[i + 1] as string;
		if (n === 'c') return { text, stop: true };
		const m = /^(0[0-7]{0,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8})/.exec(s.slice(i + 1));
		if (m !== null) {
			const e = m[0];
			const code = e[0] === '0' ? parseInt(e.slice(1) || '0', 8) : parseInt(e.slice(1), 16);
			text += String.fromCodePoint(Math.min(code, 0x10ffff));
			i += e.length;
		} else if (ESC[n] !== undefined) {
			text += ESC[n];
			i++;
		} else text += c;
	}
	return { text, stop: false };
}

export const echo: CommandSpec = {
	name: 'echo',
	builtin: true,
	path: '/usr/bin/echo',
	help: { summary: { en: 'print its arguments', zh: '输出参数' }, usage: 'echo [-neE] [arg ...]' },
	run(args) {
		let i = 0;
		let newline = true;
		let escapes = false;
		for (; i < args.length && /^-[neE]+$/.test(args[i] as string); i++) {
			for (const c of (args[i] as string).slice(1)) {
				if (c === 'n') newline = false;
				else escapes = c === 'e';
			}
		}
		const text = args.slice(i).join(' ');
		if (!escapes) return ok(newline ? `${text}\n` : text);
		const e = echoEscapes(text);
		return ok(e.stop || !newline ? e.text : `${e.text}\n`);
	},
};
