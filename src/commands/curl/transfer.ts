// One URL's transfer as curl reports it, once the world has decided what happened: the verbose
// lines (`*`, `>`, `<`, `{ [N bytes data]`), the progress meter, the body and headers on stdout
// (or in the -o file), the error line and exit code, the -w variables. Pure: the world-facing
// part (resolving, dialing, who answers) is in ./drive.ts.

import type { CurlOptions } from './args';
import type { HttpResponse } from './http';
import { bodyBytes } from './http';
import { METER_HEADER, meterLine, waitingLines, ZERO_LINE } from './progress';
import { contentLength, responseLines, wireBodyBytes, type BuiltRequest } from './request';
import type { Tape } from '../../sockets-view/tape';
import type { Url } from './url';
import type { CurlDialect } from './versions';
import { secs } from './writeout';

export type ConnectError = 'refused' | 'unreachable' | 'netunreach' | 'timedout';

export interface Attempt {
	readonly address: string;
	/** The local end the kernel picked (8.x names it when the connect fails). */
	readonly local: { readonly address: string; readonly port: number } | undefined;
	readonly result: 'connected' | ConnectError;
	readonly ms: number;
}

export type Reply =
	| { readonly kind: 'response'; readonly response: HttpResponse; readonly serverUs: number }
	/** The server closed the connection without a byte (curl: 52). */
	| { readonly kind: 'empty' }
	/** The server never answers (only -m ends the wait). */
	| { readonly kind: 'silent' }
	/** A server whose answer the lab does not model (it says so instead of inventing one). */
	| { readonly kind: 'unmodelled'; readonly what: string };

export interface Transfer {
	readonly url: Url;
	readonly typed: string;
	readonly index: number;
	/** Names: the addresses the resolver gave, per family; literal: none printed. */
	readonly resolved: { readonly kind: 'literal' } | { readonly kind: 'names'; readonly v6: readonly string[]; readonly v4: readonly string[] } | { readonly kind: 'nxdomain' };
	readonly attempts: readonly Attempt[];
	/** A timeout that cut the connect phase short, and when. */
	readonly connectCut: { readonly by: 'connect-timeout' | 'max-time'; readonly atMs: number } | undefined;
	readonly reply: Reply | undefined;
	readonly request: BuiltRequest;
}

export interface Sink {
	/** Where the body goes: stdout, a file, or nowhere (-o /dev/null). */
	readonly kind: 'stdout' | 'file' | 'null';
	readonly path?: string;
	/** Why the -o file cannot be opened (strerror), when it cannot. */
	readonly openError?: string;
}

export interface Rendered {
	readonly exitCode: number;
	/** What goes to the -o file. */
	readonly file: string;
	readonly vars: Readonly<Record<string, string>>;
	readonly responseHeaders: readonly (readonly [string, string])[];
}

const ERRNO: Readonly<Record<ConnectError, string>> = { refused: 'Connection refused', unreachable: 'No route to host', netunreach: 'Network is unreachable', timedout: 'Connection timed out' };

const bracket = (a: string): string => (a.includes(':') ? `[${a}]` : a);

export interface Look {
	readonly dialect: CurlDialect;
	readonly options: CurlOptions;
	readonly sink: Sink;
	readonly stdoutIsTerminal: boolean;
	/** The lab's notice for an unmodelled answer (localized). */
	readonly unmodelled: (what: string) => string;
}

/** Writes one transfer onto the tape; returns its exit code and -w variables. */
export function renderTransfer(t: Transfer, look: Look, tape: Tape): Rendered {
	const { dialect: d, options: o } = look;
	const toTerminal = look.sink.kind === 'stdout' && look.stdoutIsTerminal;
	const meter = !o.silent && !o.noProgress && !toTerminal;
	const dataLines = o.verbose && !toTerminal;
	const v = (line: string): void => {
		if (o.verbose) tape.err(`${line}\n`);
	};
	const host = t.url.host;
	const start = tape.now;
	let exitCode = 0;
	let error = '';
	let file = '';
	let connected: Attempt | undefined;
	let headers: readonly (readonly [string, string])[] = [];
	let downloaded = 0;
	let sizeHeader = 0;
	let totalUs = 0;
	let status = 0;
	let httpVersion = '0';

	if (o.verbose && d.resolvedLines && t.resolved.kind === 'names') {
		v(`* Host ${host}:${t.url.port} was resolved.`);
		v(`* IPv6: ${t.resolved.v6.length > 0 ? t.resolved.v6.join(', ') : '(none)'}`);
		v(`* IPv4: ${t.resolved.v4.length > 0 ? t.resolved.v4.join(', ') : '(none)'}`);
	}
	if (meter) tape.err(`${METER_HEADER}\r${ZERO_LINE}`);
	const finalLine = (sample: Parameters<typeof meterLine>[0]): void => {
		if (meter) tape.err(`\r${meterLine(sample)}\n`);
	};
	const idle = (from: number, ms: number): void => {
		if (!meter) {
			tape.wait(ms);
			return;
		}
		for (const l of waitingLines(from + ms)) {
			if (l.at <= from) continue;
			tape.now = start + l.at;
			tape.err(`\r${l.line}`);
		}
		tape.now = start + from + ms;
	};
	const fail = (code: number, message: string, closing: string, withFinal = true): void => {
		exitCode = code;
		error = message;
		v(`* ${message}`);
		if (withFinal) finalLine({ expected: 0, downloaded: 0, uploaded: 0, uploadExpected: 0, elapsedUs: (tape.now - start) * 1000 });
		v(closing);
	};

	if (t.resolved.kind === 'nxdomain') {
		exitCode = 6;
		error = `Could not resolve host: ${host}`;
		v(`* ${error}`);
		v(d.shuttingDown);
	} else {
		let spent = 0;
		for (const a of t.attempts) {
			v(`*   Trying ${bracket(a.address)}:${t.url.port}...`);
			if (a.result === 'connected') {
				connected = a;
				break;
			}
			const cut = t.connectCut !== undefined && spent + a.ms >= t.connectCut.atMs ? t.connectCut : undefined;
			idle(spent, (cut?.atMs ?? spent + a.ms) - spent);
			spent = cut?.atMs ?? spent + a.ms;
			if (cut !== undefined) break;
			v(`* connect to ${a.address} port ${t.url.port}${d.failedFrom && a.local !== undefined ? ` from ${a.local.address} port ${a.local.port}` : ''} failed: ${ERRNO[a.result]}`);
		}
		const cut = t.connectCut;
		if (connected === undefined && cut !== undefined) {
			const shown = cut.by === 'connect-timeout' && d.connectTimeoutNote ? cut.atMs : cut.atMs + (d.connectTimeoutNote ? 1 : Math.max(1, Math.floor(cut.atMs / 1000)));
			if (cut.by === 'connect-timeout' && d.connectTimeoutNote) v(`* ipv4 connect timeout after ${cut.atMs}ms, move on!`);
			fail(28, cut.by === 'connect-timeout' ? d.connectTimeout(host, t.url.port, shown) : `Connection timed out after ${shown} milliseconds`, d.closing);
		} else if (connected === undefined) {
			const last = t.attempts[t.attempts.length - 1];
			const ms = t.attempts.reduce((n, a) => n + a.ms, 0);
			fail(last?.result === 'timedout' ? 28 : 7, `Failed to connect to ${host} port ${t.url.port} after ${ms} ms: ${d.couldntConnect}`, d.closing);
		} else {
			const c = connected;
			v(`* Connected to ${host} (${c.address}) port ${t.url.port}${d.connectedSuffix.replace('0', String(t.index))}`);
			if (d.httpStages) v('* using HTTP/1.x');
			if (t.request.authUser !== undefined) v(`* Server auth using Basic with user '${t.request.authUser}'`);
			if (o.verbose) tape.err(t.request.lines.map((l) => `> ${l}\r\n`).join('') + '> \r\n');
			if (t.request.bodyBytes > 0) {
				if (dataLines) tape.err(`} [${t.request.bodyBytes} bytes data]\n`);
				if (d.uploadSentOff) v(`* upload completely sent off: ${t.request.bodyBytes} bytes`);
			} else if (d.httpStages) v('* Request completely sent off');
			const reply = t.reply ?? { kind: 'empty' as const };
			const uploaded = t.request.bodyBytes;
			if (reply.kind === 'unmodelled') {
				tape.err(look.unmodelled(reply.what));
				exitCode = 1;
				error = '';
			} else if (reply.kind === 'empty') {
				if (d.abortUpload) v('* abort upload');
				fail(52, 'Empty reply from server', d.shuttingDown);
			} else if (reply.kind === 'silent') {
				const limit = o.maxTimeMs ?? Number.POSITIVE_INFINITY;
				if (Number.isFinite(limit)) {
					idle(tape.now - start, limit - (tape.now - start));
					const shown = limit + (d.connectTimeoutNote ? 1 : Math.max(1, Math.floor(limit / 1000)));
					fail(28, `Operation timed out after ${shown} milliseconds with 0 bytes received`, d.closing);
				} else tape.wait(Number.POSITIVE_INFINITY);
			} else {
				const r = reply.response;
				status = r.status;
				httpVersion = r.version;
				headers = r.headers;
				const lines = responseLines(r);
				sizeHeader = lines.reduce((n, l) => n + bodyBytes(l) + 2, 2);
				if (r.version === '1.0') v('* HTTP 1.0, assume close after body');
				totalUs = reply.serverUs;
				const failed = (o.fail || o.failWithBody) && r.status >= 400;
				if (o.verbose) tape.err(lines.map((l) => `< ${l}\r\n`).join(''));
				const headText = lines.map((l) => `${l}\r\n`).join('') + '\r\n';
				const head = o.head || t.request.request.method === 'HEAD';
				const expected = contentLength(r) ?? 0;
				if (failed && o.fail && !o.failWithBody) {
					v(`* The requested URL returned error: ${r.status}`);
					if (o.verbose && d.httpStages) tape.err('< \r\n');
					fail(22, `The requested URL returned error: ${r.status}`, d.closing);
				} else {
					if (o.verbose) tape.err('< \r\n');
					let shown = '';
					if (o.include || o.head) shown += headText;
					if (!head) {
						shown += r.body;
						downloaded = bodyBytes(r.body);
						if (dataLines && downloaded > 0) tape.err(`{ [${wireBodyBytes(r)} bytes data]\n`);
					}
					if (look.sink.openError !== undefined && shown !== '') {
						// curl opens the -o file when the first byte arrives.
						if (!o.silent) tape.err(`Warning: Failed to open the file ${look.sink.path ?? ''}: ${look.sink.openError}\n`);
						finalLine({ expected, downloaded: d.writeFailedCounts ? downloaded : 0, uploaded, uploadExpected: uploaded, elapsedUs: totalUs });
						exitCode = 23;
						error = d.writeFailed(bodyBytes(shown));
						v(d.closing);
					} else {
						if (look.sink.kind === 'stdout') tape.out(shown);
						else if (look.sink.kind === 'file') file = shown;
						finalLine({ expected, downloaded, uploaded, uploadExpected: uploaded, elapsedUs: totalUs });
					}
					const closes = r.version === '1.0' || r.headers.some(([k, val]) => k.toLowerCase() === 'connection' && val.toLowerCase() === 'close');
					if (exitCode === 0) v(closes ? d.shuttingDown.replace('0', String(t.index)) : `* Connection #${t.index} to host ${host} left intact`);
					if (failed && exitCode === 0) {
						exitCode = 22;
						error = `The requested URL returned error: ${r.status}`;
					}
				}
			}
		}
	}
	if (exitCode !== 0 && error !== '' && (!o.silent || o.showError)) tape.err(`curl: (${exitCode}) ${error}\n`);
	const elapsedUs = Math.max(totalUs, (tape.now - start) * 1000);
	const connectUs = connected === undefined ? 0 : Math.min(elapsedUs, 120 + t.attempts.length * 40);
	const local = connected?.local;
	return {
		exitCode,
		file,
		responseHeaders: headers,
		vars: {
			http_code: String(status).padStart(3, '0'),
			response_code: String(status).padStart(3, '0'),
			http_connect: '000',
			http_version: httpVersion,
			remote_ip: connected?.address ?? '',
			remote_port: connected === undefined ? '0' : String(t.url.port),
			local_ip: local?.address ?? '',
			local_port: local === undefined ? (d.failedFrom ? '-1' : '0') : String(local.port),
			size_download: String(downloaded),
			size_header: String(sizeHeader),
			size_request: connected === undefined ? '0' : String(t.request.headBytes),
			size_upload: connected === undefined ? '0' : String(t.request.bodyBytes),
			num_connects: connected === undefined ? '0' : '1',
			num_headers: String(headers.length),
			num_redirects: '0',
			num_retries: '0',
			redirect_url: '',
			referer: o.referer ?? '',
			content_type: headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
			url: t.typed,
			url_effective: t.url.effective,
			urlnum: String(t.index),
			method: t.request.request.method,
			exitcode: String(exitCode),
			errormsg: error,
			scheme: d.schemeUpper ? 'HTTP' : 'http',
			filename_effective: look.sink.path ?? '',
			time_namelookup: secs(t.resolved.kind === 'names' ? 30 : 10),
			time_connect: secs(connectUs),
			time_pretransfer: secs(connected === undefined ? 0 : connectUs + 20),
			time_starttransfer: secs(connected === undefined ? 0 : Math.max(connectUs + 20, elapsedUs - 30)),
			time_total: secs(elapsedUs),
			speed_download: String(elapsedUs > 0 ? Math.floor((downloaded * 1e6) / elapsedUs) : 0),
			speed_upload: String(elapsedUs > 0 && connected !== undefined ? Math.floor((t.request.bodyBytes * 1e6) / elapsedUs) : 0),
		},
	};
}
