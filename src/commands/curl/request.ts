// The request curl writes (lib/http.c): the request line, Host, Authorization, User-Agent,
// Accept, Referer, then the -H headers in order, then a body's Content-Length and Content-Type.
// A -H header replaces curl's own of the same name (Host in place, the others among the -H
// ones); `Name:` with nothing after it removes it; `Name;` sends it empty; a word without `:` or
// `;` is ignored.

import type { CurlOptions } from './args';
import type { HttpRequest, HttpResponse } from './http';
import { bodyBytes } from './http';
import { hostHeader, type Url } from './url';

export interface BuiltRequest {
	readonly request: HttpRequest;
	/** The request line and header lines, without CRLF (what -v prints after `> `). */
	readonly lines: readonly string[];
	/** Bytes of the request head (%{size_request}). */
	readonly headBytes: number;
	readonly bodyBytes: number;
	/** curl's note for a redundant -X POST. */
	readonly note: string | undefined;
	/** -u: the user named in verbose output. */
	readonly authUser: string | undefined;
}

/** RFC 4648 base64 of an ASCII string (curl sends -u user:password as Basic credentials). */
function base64(s: string): string {
	const bytes = new TextEncoder().encode(s);
	const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
		const n = (a << 16) | (b << 8) | c;
		out += A[(n >> 18) & 63] ?? '';
		out += A[(n >> 12) & 63] ?? '';
		out += i + 1 < bytes.length ? (A[(n >> 6) & 63] ?? '') : '=';
		out += i + 2 < bytes.length ? (A[n & 63] ?? '') : '=';
	}
	return out;
}

interface Custom {
	readonly name: string;
	/** undefined: remove curl's own header of this name. */
	readonly value: string | undefined;
}

function customHeaders(raw: readonly string[]): Custom[] {
	const out: Custom[] = [];
	for (const h of raw) {
		const colon = h.indexOf(':');
		const semi = h.indexOf(';');
		if (colon > 0 && (semi < 0 || colon < semi)) {
			const value = h.slice(colon + 1).trim();
			out.push({ name: h.slice(0, colon), value: value === '' ? undefined : value });
		} else if (semi > 0 && h.slice(semi + 1).trim() === '') {
			out.push({ name: h.slice(0, semi), value: '' });
		}
	}
	return out;
}

export function buildRequest(url: Url, o: CurlOptions, version: string): BuiltRequest {
	const custom = customHeaders(o.headers);
	const has = (name: string): boolean => custom.some((c) => c.name.toLowerCase() === name.toLowerCase());
	const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
	const lines: string[] = [`${method} ${url.path} HTTP/${o.http10 ? '1.0' : '1.1'}`];
	const headers: [string, string][] = [];
	const own = (name: string, value: string): void => {
		if (!has(name)) headers.push([name, value]);
	};
	const hostOverride = custom.find((c) => c.name.toLowerCase() === 'host');
	if (hostOverride === undefined) headers.push(['Host', hostHeader(url)]);
	else if (hostOverride.value !== undefined) headers.push([hostOverride.name, hostOverride.value]);
	const userColon = o.user?.indexOf(':') ?? -1;
	if (o.user !== undefined) own('Authorization', `Basic ${base64(userColon < 0 ? `${o.user}:` : o.user)}`);
	own('User-Agent', o.userAgent ?? `curl/${version}`);
	own('Accept', '*/*');
	if (o.referer !== undefined) own('Referer', o.referer);
	for (const c of custom) if (c.name.toLowerCase() !== 'host' && c.value !== undefined) headers.push([c.name, c.value]);
	const body = o.data ?? '';
	if (o.data !== undefined) {
		own('Content-Length', String(bodyBytes(body)));
		own('Content-Type', 'application/x-www-form-urlencoded');
	}
	// `Name;` sends the header with nothing after the colon.
	for (const [k, v] of headers) lines.push(v === '' ? `${k}:` : `${k}: ${v}`);
	const headBytes = lines.reduce((n, l) => n + bodyBytes(l) + 2, 2);
	return {
		request: { method, path: url.path, headers, body },
		lines,
		headBytes,
		bodyBytes: bodyBytes(body),
		note: o.method === 'POST' && o.data !== undefined ? 'Note: Unnecessary use of -X or --request, POST is already inferred.\n' : undefined,
		authUser: o.user === undefined ? undefined : userColon < 0 ? o.user : o.user.slice(0, userColon),
	};
}

/** The status line and header lines of a response, without CRLF. */
export function responseLines(r: HttpResponse): string[] {
	return [`HTTP/${r.version} ${r.status} ${r.reason}`, ...r.headers.map(([k, v]) => `${k}: ${v}`)];
}

const isChunked = (r: HttpResponse): boolean => r.headers.some(([k, v]) => k.toLowerCase() === 'transfer-encoding' && v.toLowerCase() === 'chunked');

/** The body's bytes on the wire: a chunked body is one chunk and the last-chunk. */
export function wireBodyBytes(r: HttpResponse): number {
	const n = bodyBytes(r.body);
	if (!isChunked(r)) return n;
	return n === 0 ? 5 : n.toString(16).length + 2 + n + 2 + 5;
}

/** Content-Length when the response has one. */
export function contentLength(r: HttpResponse): number | undefined {
	const h = r.headers.find(([k]) => k.toLowerCase() === 'content-length');
	return h === undefined ? undefined : Number(h[1]);
}
