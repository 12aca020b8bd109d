// The request-path diagram's stations: a RequestPath's flat hop list (src/mesh/types.ts) grouped
// into the ten places a request passes through two sidecar pods. Pure data in, data out: the
// diagram (./render.ts), its stepping (./element.ts) and the tests all read this one mapping, and
// the hops themselves stay the only description of the request.
//
//   source pod                                   destination pod
//   1 client app          10 response  <-----    9 server app
//   2 nat OUTPUT (rule 9 -> REDIRECT 15001)        8 inbound cluster, 127.0.0.6
//   3 Envoy 15001                                  7 Envoy 15006
//   4 listener, route, cluster, endpoint           6 nat PREROUTING (ISTIO_INBOUND)
//                         5 the wire (rule 4) -->

import type { Hop, RequestPath } from '../../mesh/types';

export const STATION_IDS = ['client', 'out-rules', 'envoy-out', 'out-config', 'wire', 'in-rules', 'envoy-in', 'in-config', 'server', 'response'] as const;

export type StationId = (typeof STATION_IDS)[number];

/**
 * on-path: the request passed here. stopped: it ended here (a failure hop). not-reached: after
 * the stop. skipped: this request never goes here (a client without a sidecar, a passthrough).
 */
export type StationState = 'on-path' | 'stopped' | 'not-reached' | 'skipped';

export interface Station {
	readonly id: StationId;
	/** Indices into path.hops, in order. */
	readonly hops: readonly number[];
	readonly state: StationState;
}

export interface Stations {
	readonly stations: readonly Station[];
	/** Each hop's station, by hop index. */
	readonly stationOf: readonly StationId[];
	/** The pods on each side: the client's (hop 0's) and the one that answered, '' when none. */
	readonly source: string;
	readonly destination: string;
}

/** Which side of the connection a hop is on, tracked while walking the hops in order. */
interface Walk {
	/** The connection reached a sidecar's 15006: what follows is the destination pod's inbound side. */
	inbound: boolean;
	/** Envoy opened its upstream connection: OUTPUT rules from now on are its, not the app's. */
	upstream: boolean;
	last: StationId;
}

function stationOfHop(h: Hop, w: Walk): StationId {
	switch (h.kind) {
		case 'resolve':
		case 'connect':
			return 'client';
		case 'rule':
			if (h.hook === 'PREROUTING') return 'in-rules';
			if (w.inbound) return 'in-config';
			return w.upstream ? 'wire' : 'out-rules';
		case 'socket':
			if (h.label === 'envoy/virtualOutbound') return 'envoy-out';
			if (h.label === 'envoy/virtualInbound') return 'envoy-in';
			return 'server';
		case 'listener':
		case 'endpoint':
			return 'out-config';
		case 'filter-chain':
		case 'route':
		case 'cluster':
			return w.inbound ? 'in-config' : 'out-config';
		case 'upstream':
			return w.inbound ? 'in-config' : 'wire';
		case 'app':
			return 'server';
		case 'response':
			return 'response';
		case 'failure':
			// The request stopped where it was.
			return w.last;
	}
}

export function stationsOf(path: RequestPath): Stations {
	const w: Walk = { inbound: false, upstream: false, last: 'client' };
	const stationOf: StationId[] = [];
	for (const h of path.hops) {
		const id = stationOfHop(h, w);
		stationOf.push(id);
		w.last = id;
		if (h.kind === 'socket' && h.label === 'envoy/virtualInbound') w.inbound = true;
		// A retried endpoint (Envoy's retry after a 503) starts over on the client's side.
		if (h.kind === 'endpoint') w.inbound = false;
		if (h.kind === 'upstream' && !w.inbound) w.upstream = true;
	}
	const failed = path.hops.findIndex((h) => h.kind === 'failure');
	const stoppedAt = failed < 0 ? undefined : stationOf[failed];
	const stopOrder = stoppedAt === undefined ? STATION_IDS.length : STATION_IDS.indexOf(stoppedAt);
	const stations = STATION_IDS.map((id, order): Station => {
		const hops = stationOf.flatMap((s, i) => (s === id ? [i] : []));
		// Envoy's own answer after a stop (404 NR, 503 UF) is still the response the client got.
		const state: StationState = id === stoppedAt ? 'stopped' : hops.length > 0 ? 'on-path' : order > stopOrder ? 'not-reached' : 'skipped';
		return { id, hops, state };
	});
	const source = path.hops[0]?.where ?? '';
	const served = path.hops.find((h) => (h.kind === 'socket' && h.label !== 'envoy/virtualOutbound') || h.kind === 'app');
	return { stations, stationOf, source, destination: served?.where ?? '' };
}
