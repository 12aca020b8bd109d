// The path of one HTTP request through the mesh: read this file first.
//
//   app socket --connect--> OUTPUT: ISTIO_OUTPUT rule 9 -> ISTIO_REDIRECT -> REDIRECT 15001
//     -> Envoy virtualOutbound (useOriginalDst) -> listener 0.0.0.0_9080 -> route `9080`
//     -> virtual host (Host header) -> cluster outbound|9080||reviews… -> endpoint (least request)
//     -> upstream connection, uid 1337: ISTIO_OUTPUT rule 4 RETURN (or a pooled one, reused)
//   ==wire==> peer pod: PREROUTING: ISTIO_INBOUND rule 5 -> ISTIO_IN_REDIRECT -> REDIRECT 15006
//     -> Envoy virtualInbound, filter chain 0.0.0.0_9080 -> cluster inbound|9080|| (ORIGINAL_DST)
//     -> upstream bound to 127.0.0.6: ISTIO_OUTPUT rule 1 RETURN -> the app's socket
//     <- the app's answer, relayed back by both Envoys (each writes an access-log line)
//
// A RequestPath is a flat list of hops in the order the request meets them. Every hop names
// the pod it happens in and the lesson section that explains it; the `hops` command and the
// <RequestPath> diagram are both drawn from this list, never from a second description. Calls
// an app makes while answering (Bookinfo's fan-out) are nested RequestPaths inside its hop.

export interface Endpoint {
	readonly address: string;
	readonly port: number;
}

/** The lesson sections hops link to: `<lesson slug>#<anchor>`, the same in /en/ and /zh/. */
export type Section = string;

interface HopBase {
	/** The pod it happens in (`default/productpage-v1-…`), or the node. */
	readonly where: string;
	readonly section: Section;
}

export type Hop = HopBase &
	(
		| { readonly kind: 'resolve'; readonly name: string; readonly address: string }
		| { readonly kind: 'connect'; readonly process: string; readonly uid: number; readonly local: Endpoint; readonly remote: Endpoint }
		/** A nat rule the connection's first packet matched (iptables -t nat -L --line-numbers). */
		| { readonly kind: 'rule'; readonly hook: string; readonly chain: string; readonly rule: number; readonly text: string }
		/** The kernel handed the connection to a socket. */
		| { readonly kind: 'socket'; readonly label: string; readonly local: Endpoint; readonly originalDst: Endpoint }
		| { readonly kind: 'listener'; readonly name: string; readonly handoff: boolean }
		| { readonly kind: 'filter-chain'; readonly listener: string; readonly chain: string; readonly filter: string }
		| { readonly kind: 'route'; readonly config: string; readonly virtualHost: string; readonly route: string }
		| { readonly kind: 'cluster'; readonly name: string; readonly type: string; readonly bind?: string }
		| { readonly kind: 'endpoint'; readonly address: Endpoint; readonly policy: string; readonly of: number }
		| { readonly kind: 'upstream'; readonly local: Endpoint; readonly remote: Endpoint; readonly reused: boolean }
		| { readonly kind: 'app'; readonly process: string; readonly local: Endpoint; readonly calls: readonly RequestPath[] }
		/** Envoy answered (or relayed the answer) and wrote its access-log line. */
		| { readonly kind: 'response'; readonly status: number; readonly flags: string; readonly details: string; readonly log?: string }
		/** The request stopped here: what the client sees next is this failure. */
		| { readonly kind: 'failure'; readonly what: FailureKind; readonly detail: string }
	);

export type FailureKind = 'nxdomain' | 'refused' | 'timeout' | 'unreachable' | 'no-route' | 'upstream-connect' | 'blackhole' | 'unmodelled';

export type HopKind = Hop['kind'];

export interface RequestPath {
	/** Where the request was made: `default/ratings-v1-…/ratings`, `node`. */
	readonly from: string;
	readonly method: string;
	readonly url: string;
	readonly at: number;
	readonly hops: readonly Hop[];
	/** The status the client got, 0 when no HTTP answer came back. */
	readonly status: number;
}
