// Two endpoint tables. `pc endpoint` reads Envoy's /clusters?format=json and prints
// ENDPOINT STATUS OUTLIER CHECK CLUSTER (writer/envoy/clusters/clusters.go); the hidden `pc eds`
// and the ENDPOINTS part of `pc all` read the config dump's EDS section and print
// NAME STATUS LOCALITY CLUSTER (writer/envoy/configdump/endpoint.go).

import type { Address, ClusterStatus, ConfigDump, LbEndpoint, LoadAssignment, Locality } from '../../../envoy';
import { isObject, type Json, type JsonObject } from '../../../envoy/json';
import { goSortSlice } from '../gosort';
import { toYaml } from '../goyaml';
import { messageSliceJson } from '../protojson';
import { subsetKeyLess } from './cluster';
import { ok, table, type SummaryOptions, type Written } from './common';

export interface EndpointFilter {
	readonly address: string;
	readonly port: number;
	readonly cluster: string;
	readonly status: string;
}

const noFilter = (f: EndpointFilter): boolean => f.address === '' && f.port === 0 && f.cluster === '' && f.status === '';

// ---- pc eds / pc all ------------------------------------------------------------------------

function edsAddress(a: Address): string {
	if (a.kind === 'socket') return `${a.address}:${a.port}`;
	if (a.kind === 'pipe') return a.path;
	if (a.kind === 'internal' && a.serverListenerName !== '') return `envoy://${a.serverListenerName}/${a.endpointId}`;
	return 'unknown';
}

function verifyEds(f: EndpointFilter, ep: LbEndpoint, cluster: string): boolean {
	if (noFilter(f)) return true;
	if (f.address !== '' && ![ep.address, ...ep.additionalAddresses].map(edsAddress).some((a) => a.toLowerCase() === f.address.toLowerCase())) return false;
	if (f.port !== 0 && (ep.address.kind === 'socket' ? ep.address.port : 0) !== f.port) return false;
	if (f.cluster !== '' && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false;
	if (f.status !== '' && ep.healthStatus.toLowerCase() !== f.status.toLowerCase()) return false;
	return true;
}

const localityString = (l: Locality): string => (l.zone === '' ? l.region : l.subZone === '' ? `${l.region}/${l.zone}` : `${l.region}/${l.zone}/${l.subZone}`);

interface Filtered {
	readonly la: LoadAssignment;
	/** Per locality, the indices of the endpoints kept. */
	readonly kept: readonly (readonly number[])[];
}

function filteredEds(dump: ConfigDump, f: EndpointFilter): Filtered[] {
	const out: Filtered[] = [];
	for (const la of dump.endpoints ?? []) {
		const kept = la.localities.map((l) => l.endpoints.flatMap((e, i) => (verifyEds(f, e, la.clusterName) ? [i] : [])));
		if (kept.some((k) => k.length > 0)) out.push({ la, kept });
	}
	return goSortSlice(out, (x, y) => subsetKeyLess(x.la.clusterName, y.la.clusterName));
}

export function edsSummary(dump: ConfigDump, f: EndpointFilter, o: SummaryOptions = { includeConfigType: false }): Written {
	const rows: string[][] = [['NAME', 'STATUS', 'LOCALITY', 'CLUSTER']];
	for (const { la, kept } of filteredEds(dump, f)) {
		la.localities.forEach((l, li) => {
			for (const i of kept[li] ?? []) {
				const e = l.endpoints[i] as LbEndpoint;
				const addr = [e.address, ...e.additionalAddresses].map(edsAddress).join(',');
				rows.push([o.includeConfigType ? `endpoint/${addr}` : addr, e.healthStatus, localityString(l.locality), la.clusterName]);
			}
		});
	}
	return ok(table(rows, 5));
}

/** The ClusterLoadAssignment with only the kept endpoints left in each locality. */
function trimmed({ la, kept }: Filtered): JsonObject {
	const localities = Array.isArray(la.raw['endpoints']) ? (la.raw['endpoints'] as readonly Json[]) : [];
	return {
		...la.raw,
		...(localities.length > 0
			? {
					endpoints: localities.map((loc, li) => {
						if (!isObject(loc)) return loc;
						const eps = Array.isArray(loc['lbEndpoints']) ? (loc['lbEndpoints'] as readonly Json[]) : [];
						const keep = kept[li] ?? [];
						const { lbEndpoints: _drop, ...rest } = loc;
						void _drop;
						const left = eps.filter((_, i) => keep.includes(i));
						// proto3 JSON leaves out an empty repeated field; keep the field order otherwise.
						if (left.length === 0) return rest;
						const out: Record<string, Json> = {};
						for (const [k, v] of Object.entries(loc)) out[k] = k === 'lbEndpoints' ? left : v;
						return out;
					}),
				}
			: {}),
	};
}

export function edsDump(dump: ConfigDump, f: EndpointFilter, format: 'json' | 'yaml'): Written {
	const json = messageSliceJson(filteredEds(dump, f).map(trimmed));
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}

// ---- pc endpoint ------------------------------------------------------------------------------

function hostAddress(a: Address): string {
	if (a.kind === 'socket') return a.address;
	if (a.kind === 'pipe') return `unix://${a.path}`;
	if (a.kind === 'internal' && a.serverListenerName !== '') return `envoy://${a.serverListenerName}/${a.endpointId}`;
	return 'unknown';
}

function verifyHost(f: EndpointFilter, h: ClusterStatus['hosts'][number], cluster: string): boolean {
	if (noFilter(f)) return true;
	if (f.address !== '' && hostAddress(h.address).toLowerCase() !== f.address.toLowerCase()) return false;
	if (f.port !== 0 && (h.address.kind === 'socket' ? h.address.port : 0) !== f.port) return false;
	if (f.cluster !== '' && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false;
	if (f.status !== '' && h.healthStatus.toLowerCase() !== f.status.toLowerCase()) return false;
	return true;
}

export function endpointSummary(clusters: readonly ClusterStatus[], f: EndpointFilter): Written {
	const list: { address: string; port: number; cluster: string; status: string; failed: boolean }[] = [];
	for (const c of clusters) {
		for (const h of c.hosts) {
			if (!verifyHost(f, h, c.name)) continue;
			list.push({ address: hostAddress(h.address), port: h.address.kind === 'socket' ? h.address.port : 0, cluster: c.name, status: h.healthStatus, failed: h.failedOutlierCheck });
		}
	}
	goSortSlice(list, (x, y) => (x.address !== y.address ? x.address < y.address : x.port !== y.port ? x.port < y.port : x.cluster < y.cluster));
	const rows = [['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], ...list.map((e) => [e.port !== 0 ? `${e.address}:${e.port}` : e.address, e.status, e.failed ? 'FAILED' : 'OK', e.cluster])];
	return ok(table(rows, 5));
}

export function endpointDump(clusters: readonly ClusterStatus[], f: EndpointFilter, format: 'json' | 'yaml'): Written {
	const kept = clusters.filter((c) => c.hosts.some((h) => verifyHost(f, h, c.name))).map((c) => c.raw);
	const json = messageSliceJson(kept);
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}
