// Redirections, applied left to right to a copy of the descriptor table, as bash does before it
// runs a command: `cmd >f 2>&1` sends both to f, `cmd 2>&1 >f` only stdout (recorded case
// redirect-order). Files are created or truncated when opened, so `sort f > f` reads an empty f.

import { expandFields, expandSingle, type ExpandScope, type Expanded, type Run } from './expand';
import { STRERROR, resolvePath, type VirtualFs } from './fs';
import { FileSink, NULL_SINK, stringInput, type Sink } from './io';
import type { Input, Redirect } from './types';

export interface Fds {
	readonly in: Input;
	readonly out: Sink;
	readonly err: Sink;
}

const fail = (error: string): Expanded<Fds> => ({ ok: false, error });

function openOut(fs: VirtualFs, cwd: string, target: string, append: boolean, fds: Fds): Sink | string {
	if (target === '/dev/stdout') return fds.out;
	if (target === '/dev/stderr') return fds.err;
	if (target === '/dev/null') return NULL_SINK;
	const path = resolvePath(cwd, target);
	const error = fs.write(path, '', append);
	if (error !== undefined) return `${target}: ${STRERROR[error]}`;
	return new FileSink(fs, path);
}

export function* applyRedirects(redirects: readonly Redirect[], scope: ExpandScope, fds: Fds): Run<Expanded<Fds>> {
	let cur = fds;
	for (const r of redirects) {
		let target: string;
		if (r.op === '<<<') {
			const v = yield* expandSingle(r.target, scope);
			if (!v.ok) return v;
			cur = { ...cur, in: stringInput(`${v.value}\n`) };
			continue;
		}
		const fields = yield* expandFields([r.target], scope);
		if (!fields.ok) return fields;
		if (fields.value.length !== 1) return fail(`${r.target.raw}: ambiguous redirect`);
		target = fields.value[0] as string;
		if (r.fd > 2 && r.op !== '>&' && r.op !== '<&') {
			// A descriptor no command here writes to: the file is still opened (created), as in bash.
			const s = r.op === '<' ? undefined : openOut(scope.fs, scope.cwd, target, r.op === '>>', cur);
			if (typeof s === 'string') return fail(s);
			continue;
		}
		switch (r.op) {
			case '<': {
				const content = target === '/dev/stdin' ? undefined : scope.fs.read(resolvePath(scope.cwd, target));
				if (content === undefined) break;
				if (typeof content !== 'string') return fail(`${target}: ${STRERROR[content.error]}`);
				if (r.fd === 0) cur = { ...cur, in: stringInput(content) };
				break;
			}
			case '>':
			case '>|':
			case '>>': {
				const s = openOut(scope.fs, scope.cwd, target, r.op === '>>', cur);
				if (typeof s === 'string') return fail(s);
				cur = r.fd === 2 ? { ...cur, err: s } : r.fd === 1 ? { ...cur, out: s } : cur;
				break;
			}
			case '&>':
			case '&>>': {
				const s = openOut(scope.fs, scope.cwd, target, r.op === '&>>', cur);
				if (typeof s === 'string') return fail(s);
				cur = { ...cur, out: s, err: s };
				break;
			}
			case '>&':
			case '<&': {
				if (target === '-') {
					cur = r.fd === 1 ? { ...cur, out: NULL_SINK } : r.fd === 2 ? { ...cur, err: NULL_SINK } : cur;
					break;
				}
				if (!/^\d+$/.test(target)) {
					if (r.op === '<&' || r.fd !== 1) return fail(`${target}: ambiguous redirect`);
					const s = openOut(scope.fs, scope.cwd, target, false, cur);
					if (typeof s === 'string') return fail(s);
					cur = { ...cur, out: s, err: s };
					break;
				}
				const from = Number(target);
				if (from > 2) return fail(`${target}: Bad file descriptor`);
				if (r.op === '<&' || r.fd === 0) break;
				const sink = from === 1 ? cur.out : from === 2 ? cur.err : NULL_SINK;
				cur = r.fd === 1 ? { ...cur, out: sink } : r.fd === 2 ? { ...cur, err: sink } : cur;
				break;
			}
		}
	}
	return { ok: true, value: cur };
}
