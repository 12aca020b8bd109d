// Which curl a place has, and how that version talks. The world's images ship three:
//
//   kind node, ratings (Debian bookworm)        7.88.1   recorded here (tests/fixtures/curl)
//   curlimages/curl:8.14.1 (the sleep pod)      8.14.1   recorded with Debian's 8.14.1 build
//   istio/proxyv2 (Ubuntu noble)                8.5.0    not recorded: it speaks 8.14.1's dialect
//                                                        here, and its -h is 7.88's layout
//
// The dialect is data: every line that differs between the recorded versions is a field, so the
// transfer renderer has no version checks of its own.

import type { Location, World } from '../../world/types';
import { containerOf } from '../../world/lookup';

export interface CurlDialect {
	/** 8.x prints `* Host h:p was resolved.` and the addresses per family before connecting. */
	readonly resolvedLines: boolean;
	/** 7.88's `Connected to h (ip) port p (#0)`; 8.x dropped the `(#0)`. */
	readonly connectedSuffix: string;
	/** 8.x names the local end: `connect to ip port p from ip port q failed`. */
	readonly failedFrom: boolean;
	/** 8.x: `* using HTTP/1.x` after connecting, `* Request completely sent off` after the request. */
	readonly httpStages: boolean;
	/** Happy eyeballs order for a name with both families: 8.x tries IPv6 first. */
	readonly ipv6First: boolean;
	/** libcurl's text for CURLE_COULDNT_CONNECT. */
	readonly couldntConnect: string;
	/** After a failed connect or a timeout (7.88 `* Closing connection 0`). */
	readonly closing: string;
	/** After a resolve failure, an empty reply, an HTTP/1.0 body. */
	readonly shuttingDown: string;
	/** --connect-timeout expiring: 7.88 words it as a failed connect. */
	readonly connectTimeout: (host: string, port: number, ms: number) => string;
	/** 7.88's verbose `* ipv4 connect timeout after 2000ms, move on!` before it. */
	readonly connectTimeoutNote: boolean;
	/** 8.x: `* upload completely sent off: 3 bytes` after a request body. */
	readonly uploadSentOff: boolean;
	/** 8.x: `* abort upload` before `* Empty reply from server`. */
	readonly abortUpload: boolean;
	readonly noUrl: string;
	readonly unsupportedProtocol: (scheme: string) => string;
	/** URL parse failures: 8.x says why (`URL rejected: …`), 7.88 only that it is bad. */
	readonly urlRejected: (why: string) => string;
	/** `-m -1`. */
	readonly negativeNumber: string;
	/** %{scheme}. */
	readonly schemeUpper: boolean;
	/** -o into a file that cannot be opened (curl: 23); 7.88 still counts the bytes as received. */
	readonly writeFailed: (bytes: number) => string;
	readonly writeFailedCounts: boolean;
}

export interface Curl {
	readonly version: string;
	readonly dialect: CurlDialect;
	readonly help: string;
	readonly versionText: string;
}

const D7: CurlDialect = {
	resolvedLines: false,
	connectedSuffix: ' (#0)',
	failedFrom: false,
	httpStages: false,
	ipv6First: false,
	couldntConnect: "Couldn't connect to server",
	closing: '* Closing connection 0',
	shuttingDown: '* Closing connection 0',
	connectTimeout: (h, p, ms) => `Failed to connect to ${h} port ${p} after ${ms} ms: Timeout was reached`,
	connectTimeoutNote: true,
	uploadSentOff: false,
	abortUpload: false,
	noUrl: 'curl: no URL specified!',
	unsupportedProtocol: (s) => `Protocol "${s}" not supported or disabled in libcurl`,
	urlRejected: () => 'URL using bad/illegal format or missing URL',
	negativeNumber: 'expected a positive numerical parameter',
	schemeUpper: true,
	writeFailed: () => 'Failure writing output to destination',
	writeFailedCounts: true,
};

const D8: CurlDialect = {
	resolvedLines: true,
	connectedSuffix: '',
	failedFrom: true,
	httpStages: true,
	ipv6First: true,
	couldntConnect: 'Could not connect to server',
	closing: '* closing connection #0',
	shuttingDown: '* shutting down connection #0',
	connectTimeout: (_h, _p, ms) => `Connection timed out after ${ms} milliseconds`,
	connectTimeoutNote: false,
	uploadSentOff: true,
	abortUpload: true,
	noUrl: 'curl: (2) no URL specified',
	unsupportedProtocol: (s) => `Protocol "${s}" not supported`,
	urlRejected: (why) => `URL rejected: ${why}`,
	negativeNumber: 'expected a proper numerical parameter',
	schemeUpper: false,
	writeFailed: (n) => `client returned ERROR on write of ${n} bytes`,
	writeFailedCounts: false,
};

const HELP_7 = [
	'Usage: curl [options...] <url>',
	' -d, --data <data>          HTTP POST data',
	' -f, --fail                 Fail fast with no output on HTTP errors',
	' -h, --help <category>      Get help for commands',
	' -i, --include              Include protocol response headers in the output',
	' -o, --output <file>        Write to file instead of stdout',
	' -O, --remote-name          Write output to a file named as the remote file',
	' -s, --silent               Silent mode',
	' -T, --upload-file <file>   Transfer local FILE to destination',
	' -u, --user <user:password> Server user and password',
	' -A, --user-agent <name>    Send User-Agent <name> to server',
	' -v, --verbose              Make the operation more talkative',
	' -V, --version              Show version number and quit',
	'',
	'This is not the full help, this menu is stripped into categories.',
	'Use "--help category" to get an overview of all categories.',
	'For all options use the manual or "--help all".',
	'',
].join('\n');

const HELP_8_14 = [
	'Usage: curl [options...] <url>',
	' -d, --data <data>           HTTP POST data',
	' -f, --fail                  Fail fast with no output on HTTP errors',
	' -h, --help <subject>        Get help for commands',
	' -o, --output <file>         Write to file instead of stdout',
	' -O, --remote-name           Write output to file named as remote file',
	' -i, --show-headers          Show response headers in output',
	' -s, --silent                Silent mode',
	' -T, --upload-file <file>    Transfer local FILE to destination',
	' -u, --user <user:password>  Server user and password',
	' -A, --user-agent <name>     Send User-Agent <name> to server',
	' -v, --verbose               Make the operation more talkative',
	' -V, --version               Show version number and quit',
	'',
	'This is not the full help; this menu is split into categories.',
	'Use "--help category" to get an overview of all categories, which are:',
	'auth, connection, curl, deprecated, dns, file, ftp, global, http, imap, ldap, ',
	'output, pop3, post, proxy, scp, sftp, smtp, ssh, telnet, tftp, timeout, tls, ',
	'upload, verbose.',
	'Use "--help all" to list all options',
	'Use "--help [option]" to view documentation for a given option',
	'',
].join('\n');

/** Debian bookworm's curl (the kind node, the ratings image), recorded. */
export const CURL_7_88: Curl = {
	version: '7.88.1',
	dialect: D7,
	help: HELP_7,
	versionText: [
		'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13',
		'Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14',
		'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp',
		'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd',
		'',
	].join('\n'),
};

/**
 * curlimages/curl:8.14.1 (Alpine, musl). The dialect and -h are recorded from Debian's 8.14.1
 * build (same curl tool and libcurl); the -V lines name the image's own libraries, which were not
 * recorded.
 */
export const CURL_8_14: Curl = {
	version: '8.14.1',
	dialect: D8,
	help: HELP_8_14,
	versionText: [
		'curl 8.14.1 (x86_64-pc-linux-musl) libcurl/8.14.1 OpenSSL/3.5.0 zlib/1.3.1 brotli/1.1.0 zstd/1.5.7 c-ares/1.34.5 libidn2/2.3.7 libpsl/0.21.5 libssh2/1.11.1 nghttp2/1.65.0',
		'Release-Date: 2025-06-04',
		'Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss',
		'Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd',
		'',
	].join('\n'),
};

/** Ubuntu noble's curl in istio/proxyv2: not recorded (see the head of this file). */
export const CURL_8_5: Curl = {
	version: '8.5.0',
	dialect: D8,
	help: HELP_7,
	versionText: [
		'curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.3.7 libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7',
		'Release-Date: 2023-12-06, security patched: 8.5.0-2ubuntu10.6',
		'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp',
		'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd',
		'',
	].join('\n'),
};

/** Images by the prefix of their reference; everything else is Debian-based (7.88.1). */
const BY_IMAGE: readonly (readonly [string, Curl])[] = [
	['curlimages/curl:', CURL_8_14],
	['docker.io/curlimages/curl:', CURL_8_14],
	['docker.io/istio/proxyv2:', CURL_8_5],
	['istio/proxyv2:', CURL_8_5],
];

export function curlAt(world: World, at: Location): Curl {
	if (at.kind !== 'exec') return CURL_7_88;
	const image = containerOf(world, { pod: at.pod, container: at.container })?.image ?? '';
	return BY_IMAGE.find(([prefix]) => image.startsWith(prefix))?.[1] ?? CURL_7_88;
}
