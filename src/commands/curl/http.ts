// The HTTP vocabulary of the simulated servers: a request as curl sends it, a response as each
// server software writes it (its header names, their order and case, its framing).

export interface HttpRequest {
	readonly method: string;
	readonly path: string;
	/** Header lines in the order curl sends them. */
	readonly headers: readonly (readonly [string, string])[];
	readonly body: string;
}

export interface HttpResponse {
	readonly version: '1.0' | '1.1';
	readonly status: number;
	readonly reason: string;
	readonly headers: readonly (readonly [string, string])[];
	readonly body: string;
}

const REASONS: Readonly<Record<number, string>> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
export const reasonOf = (status: number): string => REASONS[status] ?? 'Unknown';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An IMF-fixdate (RFC 9110): `Sat, 21 Nov 2026 05:40:00 GMT`. */
export function httpDate(ms: number): string {
	const d = new Date(ms);
	const p = (n: number): string => String(n).padStart(2, '0');
	return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** Envoy's admin handler: lower-case headers, chunked body. */
export function envoyAdmin(status: number, contentType: string, body: string, now: number): HttpResponse {
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [
			['content-type', contentType],
			['cache-control', 'no-cache, max-age=0'],
			['x-content-type-options', 'nosniff'],
			['date', httpDate(now)],
			['server', 'envoy'],
			['transfer-encoding', 'chunked'],
		],
		body,
	};
}

/** Go's net/http: the handler's headers (sorted), then Date and Content-Length. */
export function goHttp(status: number, body: string, now: number, contentType?: string): HttpResponse {
	const sniffed = contentType ?? (body === '' ? undefined : 'text/plain; charset=utf-8');
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [...(sniffed !== undefined ? [['Content-Type', sniffed] as const] : []), ['Date', httpDate(now)], ['Content-Length', String(bytes(body))]],
		body,
	};
}

/** Hop-by-hop headers Envoy's HTTP connection manager drops from an upstream response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/**
 * A response Envoy relayed from an upstream: its HTTP/1 codec writes header names in lower case,
 * in the upstream's order, without the hop-by-hop ones; `server` is overwritten in place (or added
 * last), and the router adds x-envoy-upstream-service-time.
 */
export function viaEnvoy(r: HttpResponse, upstreamMs: number): HttpResponse {
	const kept = r.headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())).map(([k, v]) => (k.toLowerCase() === 'server' ? (['server', 'envoy'] as const) : ([k.toLowerCase(), v] as const)));
	const out = kept.filter(([k]) => k !== 'x-envoy-upstream-service-time');
	out.push(['x-envoy-upstream-service-time', String(upstreamMs)]);
	if (!out.some(([k]) => k === 'server')) out.push(['server', 'envoy']);
	return { ...r, version: '1.1', headers: out };
}

/** Ruby's WEBrick (the details service). */
export function webrick(status: number, contentType: string, body: string, now: number): HttpResponse {
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [
			['Content-Type', contentType],
			['Server', 'WEBrick/1.8.1 (Ruby/3.3.6/2024-11-05)'],
			['Date', httpDate(now)],
			['Content-Length', String(bytes(body))],
			['Connection', 'Keep-Alive'],
		],
		body,
	};
}

/** Node's http module (the ratings service): `res.writeHead(status, {'Content-type': ...})`. */
export function nodeHttp(status: number, body: string, now: number): HttpResponse {
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [
			['Content-type', 'application/json'],
			['Date', httpDate(now)],
			['Connection', 'keep-alive'],
			['Keep-Alive', 'timeout=5'],
			['Content-Length', String(bytes(body))],
		],
		body,
	};
}

/** Open Liberty's JAX-RS (the reviews service). */
export function liberty(status: number, body: string, now: number): HttpResponse {
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [
			['X-Powered-By', 'Servlet/4.0'],
			['Content-Type', 'application/json'],
			['Date', httpDate(now)],
			['Content-Language', 'en-US'],
			['Content-Length', String(bytes(body))],
		],
		body,
	};
}

/** gunicorn serving Flask (the productpage service). */
export function gunicorn(status: number, contentType: string, body: string, now: number): HttpResponse {
	return {
		version: '1.1',
		status,
		reason: reasonOf(status),
		headers: [
			['Server', 'gunicorn'],
			['Date', httpDate(now)],
			['Connection', 'keep-alive'],
			['Content-Type', contentType],
			['Content-Length', String(bytes(body))],
		],
		body,
	};
}

export const bodyBytes = bytes;
