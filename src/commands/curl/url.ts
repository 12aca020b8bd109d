// A URL as curl reads it: `http://host:port/path?query`, or without a scheme (`details:9080/x`,
// curl guesses http), hosts in brackets for IPv6. Errors are curl's, numbered as its exit codes.

import type { CurlDialect } from './versions';

export interface Url {
	readonly scheme: string;
	/** As typed, without brackets. */
	readonly host: string;
	readonly port: number;
	/** Whether the URL named a port other than the scheme's default (the Host header shows it). */
	readonly explicitPort: boolean;
	/** Path and query, at least `/`. */
	readonly path: string;
	/** The URL as curl prints it for %{url_effective}. */
	readonly effective: string;
}

export type UrlParse = { readonly ok: true; readonly url: Url } | { readonly ok: false; readonly code: number; readonly message: string; readonly simulated: boolean };

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ftp: 21, ftps: 990, ws: 80, wss: 443, gopher: 70, dict: 2628, telnet: 23, ldap: 389, mqtt: 1883, pop3: 110, imap: 143, smtp: 25, rtsp: 554, scp: 22, sftp: 22, smb: 445, tftp: 69, file: 0 };

/** curl's guess for a URL without a scheme: by the host's first label, else http. */
function guessScheme(host: string): string {
	for (const s of ['ftp', 'dict', 'ldap', 'imap', 'smtp', 'pop3']) if (host.toLowerCase().startsWith(`${s}.`)) return s;
	return 'http';
}

export function parseUrl(input: string, d: CurlDialect): UrlParse {
	// `[` starts a glob range; an unclosed one is a glob error before anything else.
	const open = input.indexOf('[');
	if (open >= 0 && input.indexOf(']', open) < 0) {
		return { ok: false, code: 3, simulated: true, message: `bad range specification in URL position ${open + 2}:\n${input}\n${' '.repeat(open + 1)}^` };
	}
	const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(input);
	const typedScheme = m?.[1]?.toLowerCase();
	const rest = m !== null ? (m[2] ?? '') : input;
	const cut = rest.search(/[/?#]/);
	const authority = cut < 0 ? rest : rest.slice(0, cut);
	let path = cut < 0 ? '/' : rest.slice(cut);
	if (path.startsWith('?')) path = `/${path}`;
	path = path.split('#')[0] ?? '/';
	const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
	let host: string;
	let portText: string | undefined;
	if (hostPort.startsWith('[')) {
		const close = hostPort.indexOf(']');
		host = hostPort.slice(1, close);
		const after = hostPort.slice(close + 1);
		portText = after.startsWith(':') ? after.slice(1) : undefined;
	} else {
		const colon = hostPort.lastIndexOf(':');
		host = colon < 0 ? hostPort : hostPort.slice(0, colon);
		portText = colon < 0 ? undefined : hostPort.slice(colon + 1);
	}
	const scheme = typedScheme ?? guessScheme(host);
	if (host === '') return { ok: false, code: 3, simulated: true, message: d.urlRejected('No host part in the URL') };
	const defaultPort = DEFAULT_PORTS[scheme];
	if (defaultPort === undefined) return { ok: false, code: 1, simulated: true, message: d.unsupportedProtocol(scheme) };
	let port = defaultPort;
	if (portText !== undefined && portText !== '') {
		if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { ok: false, code: 3, simulated: true, message: d.urlRejected('Port number was not a decimal number between 0 and 65535') };
		port = Number(portText);
	}
	if (scheme !== 'http') return { ok: false, code: 1, simulated: false, message: scheme };
	const shownHost = host.includes(':') ? `[${host}]` : host;
	const explicitPort = port !== defaultPort;
	return { ok: true, url: { scheme, host, port, explicitPort, path, effective: `${scheme}://${shownHost}${explicitPort ? `:${port}` : ''}${path}` } };
}

/** The Host header's value. */
export const hostHeader = (u: Url): string => `${u.host.includes(':') ? `[${u.host}]` : u.host}${u.explicitPort ? `:${u.port}` : ''}`;
