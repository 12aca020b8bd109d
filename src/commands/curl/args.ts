// curl's command line (src/tool_getparam.c): short options combine (`-sSo FILE`, `-ofile`), a
// long option's value is the next word (`--max-time=3` is an unknown option), `--no-` reverses a
// boolean, `--` ends the options, every other word is a URL. Errors are values worded as curl
// words them (exit 2 with the `try 'curl --help'` line).

import type { CurlDialect } from './versions';
import { optionByLong, optionByShort, type CurlOption } from './options';

export interface CurlOptions {
	readonly urls: readonly string[];
	/** -o FILE for the URL of the same rank. */
	readonly outputs: readonly string[];
	readonly silent: boolean;
	readonly showError: boolean;
	readonly verbose: boolean;
	readonly include: boolean;
	readonly head: boolean;
	readonly fail: boolean;
	readonly failWithBody: boolean;
	readonly noProgress: boolean;
	readonly writeOut: string | undefined;
	readonly headers: readonly string[];
	readonly method: string | undefined;
	/** -d values, joined with `&` (undefined without -d). */
	readonly data: string | undefined;
	readonly userAgent: string | undefined;
	readonly referer: string | undefined;
	readonly user: string | undefined;
	readonly connectTimeoutMs: number | undefined;
	readonly maxTimeMs: number | undefined;
	readonly family: 4 | 6 | undefined;
	readonly http10: boolean;
}

export type CurlParse =
	| { readonly kind: 'run'; readonly options: CurlOptions }
	| { readonly kind: 'help'; readonly category: string | undefined }
	| { readonly kind: 'version' }
	| { readonly kind: 'exit'; readonly stderr: string; readonly exitCode: number }
	| { readonly kind: 'unsimulated'; readonly option: string };

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Options whose effect the lab does not need for plain HTTP: accepted and ignored. */
const NO_EFFECT = new Set(['location', 'insecure', 'http1.1', 'disable', 'globoff', 'no-buffer', 'no-keepalive', 'tcp-nodelay', 'path-as-is', 'compressed-ssh', 'styled-output', 'max-redirs', 'location-trusted', 'progress-bar', 'retry', 'retry-delay', 'retry-max-time', 'retry-connrefused', 'retry-all-errors', 'fail-early', 'no-alpn', 'no-npn', 'no-sessionid', 'cacert', 'capath', 'ssl-no-revoke']);

/** Options with a simulated effect (the others curl knows are not simulated). */
const SIMULATED = new Set([
	'silent', 'show-error', 'verbose', 'include', 'show-headers', 'head', 'fail', 'fail-with-body', 'no-progress-meter', 'write-out', 'header', 'request', 'data', 'data-raw', 'data-binary', 'data-ascii',
	'user-agent', 'referer', 'user', 'connect-timeout', 'max-time', 'ipv4', 'ipv6', 'http1.0', 'output', 'url', 'help', 'version', 'manual',
]);

interface State {
	urls: string[];
	outputs: string[];
	flags: Map<string, boolean>;
	writeOut: string | undefined;
	headers: string[];
	method: string | undefined;
	data: string[];
	userAgent: string | undefined;
	referer: string | undefined;
	user: string | undefined;
	connectTimeoutMs: number | undefined;
	maxTimeMs: number | undefined;
	family: 4 | 6 | undefined;
	help: boolean;
	helpCategory: string | undefined;
	version: boolean;
	/** -I then -d (or the reverse): the first one fixes the method. */
	httpReq: 'HEAD' | 'POST' | undefined;
}

type Step = { readonly ok: true } | { readonly ok: false; readonly result: CurlParse };

const usage = (msg: string): CurlParse => ({ kind: 'exit', stderr: `curl: ${msg}\n${TRY}`, exitCode: 2 });
const fail = (msg: string): Step => ({ ok: false, result: usage(msg) });

/** curl's warnf: `Warning: ` and the text wrapped at 70 columns on a blank. */
function warn(text: string): string {
	const width = 70;
	let rest = `${text}\n`;
	let out = '';
	while (rest.length > 0) {
		if (rest.length > width) {
			let cut = width - 1;
			while (cut > 0 && rest[cut] !== ' ' && rest[cut] !== '\t') cut--;
			if (cut === 0) cut = width - 1;
			out += `Warning: ${rest.slice(0, cut + 1)}\n`;
			rest = rest.slice(cut + 1);
		} else {
			out += `Warning: ${rest}`;
			rest = '';
		}
	}
	return out;
}

const REQ_NAMES = { HEAD: 'HEAD (-I, --head)', POST: 'POST (-d, --data)' } as const;

function setReq(st: State, req: 'HEAD' | 'POST'): Step {
	if (st.httpReq !== undefined && st.httpReq !== req) {
		return { ok: false, result: { kind: 'exit', stderr: warn(`You can only select one HTTP request method! You asked for both ${REQ_NAMES[req]} and ${REQ_NAMES[st.httpReq]}.`), exitCode: 2 } };
	}
	st.httpReq = req;
	return { ok: true };
}

/** Seconds as curl reads them (a decimal number), in milliseconds. */
function seconds(value: string, name: string, d: CurlDialect): number | Step {
	if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) return fail(`option ${name}: expected a proper numerical parameter`);
	const n = Number(value);
	if (n < 0) return fail(`option ${name}: ${d.negativeNumber}`);
	return Math.round(n * 1000);
}

function apply(st: State, o: CurlOption, name: string, value: string | undefined, toggle: boolean, d: CurlDialect): Step {
	const v = value ?? '';
	switch (o.long) {
		case 'url':
			st.urls.push(v);
			return { ok: true };
		case 'output':
			st.outputs.push(v);
			return { ok: true };
		case 'write-out':
			st.writeOut = v;
			return { ok: true };
		case 'header':
			st.headers.push(v);
			return { ok: true };
		case 'request':
			st.method = v;
			return { ok: true };
		case 'data':
		case 'data-raw':
		case 'data-binary':
		case 'data-ascii':
			st.data.push(v);
			return setReq(st, 'POST');
		case 'user-agent':
			st.userAgent = v;
			return { ok: true };
		case 'referer':
			st.referer = v;
			return { ok: true };
		case 'user':
			st.user = v;
			return { ok: true };
		case 'connect-timeout':
		case 'max-time': {
			const ms = seconds(v, name, d);
			if (typeof ms !== 'number') return ms;
			if (o.long === 'max-time') st.maxTimeMs = ms;
			else st.connectTimeoutMs = ms;
			return { ok: true };
		}
		case 'ipv4':
			st.family = 4;
			return { ok: true };
		case 'ipv6':
			st.family = 6;
			return { ok: true };
		case 'head':
			st.flags.set('head', toggle);
			return toggle ? setReq(st, 'HEAD') : { ok: true };
		case 'help':
		case 'manual':
			st.help = true;
			return { ok: true };
		case 'version':
			st.version = true;
			return { ok: true };
		case 'show-headers':
			st.flags.set('include', toggle);
			return { ok: true };
		default:
			st.flags.set(o.long, toggle);
			return { ok: true };
	}
}

export function parseCurlArgs(args: readonly string[], d: CurlDialect, prefixes: boolean): CurlParse {
	const st: State = { urls: [], outputs: [], flags: new Map(), writeOut: undefined, headers: [], method: undefined, data: [], userAgent: undefined, referer: undefined, user: undefined, connectTimeoutMs: undefined, maxTimeMs: undefined, family: undefined, help: false, helpCategory: undefined, version: false, httpReq: undefined };
	let unsimulated: string | undefined;
	let endOfOptions = false;
	for (let i = 0; i < args.length; i++) {
		const word = args[i] ?? '';
		if (endOfOptions || !word.startsWith('-') || word === '-') {
			st.urls.push(word);
			continue;
		}
		if (word === '--') {
			endOfOptions = true;
			continue;
		}
		const next = args[i + 1];
		if (word.startsWith('--')) {
			let name = word.slice(2);
			let toggle = true;
			let m = optionByLong(name, prefixes);
			if (m.kind === 'unknown' && name.startsWith('no-')) {
				const m2 = optionByLong(name.slice(3), prefixes);
				if (m2.kind === 'found') {
					if (m2.option.takesValue) return usage(`option ${word}: ${prefixes ? "used '--no-' for option that isn't a boolean" : 'the given option cannot be reversed with a --no- prefix'}`);
					m = m2;
					toggle = false;
					name = name.slice(3);
				}
			}
			if (m.kind === 'ambiguous') return usage(`option ${word}: is ambiguous`);
			if (m.kind === 'unknown') return usage(`option ${word}: is unknown`);
			const o = m.option;
			let value: string | undefined;
			if (o.takesValue) {
				if (next === undefined) return usage(`option ${word}: requires parameter`);
				value = next;
				i++;
			} else if (o.long === 'help' && next !== undefined) {
				st.helpCategory = next;
				i++;
			}
			if (!SIMULATED.has(o.long) && !NO_EFFECT.has(o.long)) unsimulated ??= `--${o.long}`;
			const s = apply(st, o, word, value, toggle, d);
			if (!s.ok) return s.result;
			// -h and -V stop the parsing: what follows is not looked at.
			if (st.help || st.version) break;
			continue;
		}
		// A cluster of short options; one that takes a value takes the rest of the word or the next.
		for (let j = 1; j < word.length; j++) {
			const c = word[j] ?? '';
			const o = optionByShort(c);
			if (o === undefined) return usage(`option ${word}: is unknown`);
			let value: string | undefined;
			if (o.takesValue) {
				const rest = word.slice(j + 1);
				if (rest !== '') value = rest;
				else {
					if (next === undefined) return usage(`option -${c}: requires parameter`);
					value = next;
					i++;
				}
			} else if (o.long === 'help' && next !== undefined && j === word.length - 1) {
				st.helpCategory = next;
				i++;
			}
			if (!SIMULATED.has(o.long) && !NO_EFFECT.has(o.long)) unsimulated ??= `-${c}`;
			const s = apply(st, o, `-${c}`, value, true, d);
			if (!s.ok) return s.result;
			if (o.takesValue || st.help || st.version) break;
		}
		if (st.help || st.version) break;
	}
	if (st.help) return { kind: 'help', category: st.helpCategory };
	if (st.version) return { kind: 'version' };
	if (unsimulated !== undefined) return { kind: 'unsimulated', option: unsimulated };
	if (st.urls.length === 0) return { kind: 'exit', stderr: args.length === 0 ? TRY : `${d.noUrl}\n${TRY}`, exitCode: 2 };
	const f = (k: string): boolean => st.flags.get(k) ?? false;
	return {
		kind: 'run',
		options: {
			urls: st.urls,
			outputs: st.outputs,
			silent: f('silent'),
			showError: f('show-error'),
			verbose: f('verbose'),
			include: f('include'),
			head: f('head'),
			fail: f('fail'),
			failWithBody: f('fail-with-body'),
			noProgress: f('no-progress-meter'),
			writeOut: st.writeOut,
			headers: st.headers,
			method: st.method,
			data: st.data.length > 0 ? st.data.join('&') : undefined,
			userAgent: st.userAgent,
			referer: st.referer,
			user: st.user,
			connectTimeoutMs: st.connectTimeoutMs,
			maxTimeMs: st.maxTimeMs,
			family: st.family,
			http10: f('http1.0'),
		},
	};
}
