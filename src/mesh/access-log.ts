// Istio's default TEXT access log (pilot/pkg/model/telemetry_logging.go, EnvoyTextLogFormat), the
// line each sidecar writes to /dev/stdout for a request when the mesh sets accessLogFile:
//
//   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
//   %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
//   "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
//   %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
//   "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
//   %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
//   %REQUESTED_SERVER_NAME% %ROUTE_NAME%
//
// (one line). Envoy prints `-` for a value it does not have; START_TIME is UTC with milliseconds.

import type { Endpoint } from './types';

export interface AccessLogEntry {
	readonly start: number;
	/** %PROTOCOL%: `HTTP/1.1` for the HTTP connection manager; tcp_proxy has none (`-`). */
	readonly protocol?: string;
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly flags: string;
	readonly details: string;
	readonly transportFailure?: string;
	readonly bytesReceived: number;
	readonly bytesSent: number;
	readonly durationMs: number;
	readonly upstreamServiceMs?: number;
	readonly forwardedFor?: string;
	readonly userAgent?: string;
	readonly requestId: string;
	readonly authority: string;
	readonly upstreamHost?: Endpoint;
	readonly cluster?: string;
	readonly upstreamLocal?: Endpoint;
	readonly downstreamLocal: Endpoint;
	readonly downstreamRemote: Endpoint;
	readonly sni?: string;
	readonly route?: string;
}

const dash = (v: string | number | undefined): string => (v === undefined || v === '' ? '-' : String(v));
const addr = (e: Endpoint | undefined): string | undefined => (e === undefined ? undefined : `${e.address}:${e.port}`);

/** %START_TIME%'s default format: `2026-11-21T05:40:03.123Z`. */
export function startTime(ms: number): string {
	return new Date(ms).toISOString();
}

export function accessLogLine(e: AccessLogEntry): string {
	return [
		`[${startTime(e.start)}]`,
		`"${dash(e.method)} ${dash(e.path)} ${e.protocol ?? 'HTTP/1.1'}"`,
		String(e.status),
		dash(e.flags),
		dash(e.details),
		'-',
		`"${dash(e.transportFailure)}"`,
		String(e.bytesReceived),
		String(e.bytesSent),
		String(e.durationMs),
		dash(e.upstreamServiceMs),
		`"${dash(e.forwardedFor)}"`,
		`"${dash(e.userAgent)}"`,
		`"${dash(e.requestId)}"`,
		`"${dash(e.authority)}"`,
		`"${dash(addr(e.upstreamHost))}"`,
		dash(e.cluster),
		dash(addr(e.upstreamLocal)),
		dash(addr(e.downstreamLocal)),
		dash(addr(e.downstreamRemote)),
		dash(e.sni),
		dash(e.route),
	].join(' ') + '\n';
}

/**
 * What a tcp_proxy writes with the same format when its connection closes: no request, so the
 * method, path, protocol, headers and route are `-` and the response code is 0.
 */
export function tcpAccessLogLine(e: { start: number; flags?: string; bytesReceived: number; bytesSent: number; durationMs: number; upstreamHost?: Endpoint; cluster: string; upstreamLocal?: Endpoint; downstreamLocal: Endpoint; downstreamRemote: Endpoint; sni?: string }): string {
	return accessLogLine({ ...e, protocol: '-', method: '', path: '', status: 0, flags: e.flags ?? '', details: '', requestId: '', authority: '' });
}

/** A version 4 UUID from the seeded source: Envoy's x-request-id. */
export function requestId(random: () => number): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
	hex[12] = '4';
	hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	const h = hex.join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
