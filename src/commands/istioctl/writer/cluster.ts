// `istioctl proxy-config cluster`: SERVICE FQDN / PORT / SUBSET / DIRECTION split out of Istio's
// `direction|port|subset|fqdn` cluster names, the discovery type, and the DestinationRule named
// in the cluster's `istio.config` metadata (writer/envoy/configdump/cluster.go, Istio 1.26).

import type { Cluster, ConfigDump } from '../../../envoy';
import { goSortSlice } from '../gosort';
import { toYaml } from '../goyaml';
import { messageSliceJson } from '../protojson';
import { err, missing, ok, table, type SummaryOptions, type Written } from './common';

export interface ClusterFilter {
	readonly fqdn: string;
	readonly port: number;
	readonly subset: string;
	readonly direction: string;
}

export interface SubsetKey {
	readonly direction: string;
	readonly subset: string;
	readonly fqdn: string;
	readonly port: number;
}

/** Go's strconv.Atoi, 0 on error (model.ParseSubsetKey ignores the error). */
const atoi = (s: string): number => (/^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER ? Number(s) : 0);

/** model.ParseSubsetKey: `dir|port|subset|host`, or the DNS SRV form `outbound_.port_.subset_.host`. */
export function parseSubsetKey(name: string): SubsetKey {
	const sep = name.startsWith('outbound_') || name.startsWith('inbound_') ? '_.' : '|';
	const parts: string[] = [];
	let rest = name;
	for (let i = 0; i < 3; i++) {
		const at = rest.indexOf(sep);
		if (at < 0) return { direction: parts[0] ?? '', port: atoi(parts[1] ?? ''), subset: parts[2] ?? '', fqdn: '' };
		parts.push(rest.slice(0, at));
		rest = rest.slice(at + sep.length);
	}
	// A fifth part leaves the hostname empty ("no | remains -- verify this").
	return { direction: parts[0] ?? '', port: atoi(parts[1] ?? ''), subset: parts[2] ?? '', fqdn: rest.includes(sep) ? '' : rest };
}

/** safelyParseSubsetKey: names with fewer than four `|` parts are all FQDN. */
export function safeSubsetKey(name: string): SubsetKey {
	return name.split('|').length > 3 ? parseSubsetKey(name) : { direction: '', subset: '', fqdn: name, port: 0 };
}

/** `/apis/networking.istio.io/v1/namespaces/NS/destination-rule/NAME` -> `NAME.NS`. */
export function renderConfig(path: string | undefined): string {
	if (path === undefined) return '';
	if (path.startsWith('/apis/networking.istio.io/')) {
		const p = path.split('/');
		return p.length === 8 ? `${p[7]}.${p[5]}` : '';
	}
	return '<unknown>';
}

function verify(f: ClusterFilter, c: Cluster): boolean {
	if (f.fqdn === '' && f.port === 0 && f.subset === '' && f.direction === '') return true;
	if (f.fqdn !== '' && !c.name.includes(f.fqdn)) return false;
	if (f.direction !== '' && !c.name.includes(f.direction)) return false;
	if (f.subset !== '' && !c.name.includes(f.subset)) return false;
	if (f.port !== 0 && !c.name.includes(`|${f.port}|`)) return false;
	return true;
}

/** Order by FQDN, subset, port, direction (the same comparator sorts EDS tables). */
export function subsetKeyLess(x: string, y: string): boolean {
	const a = safeSubsetKey(x);
	const b = safeSubsetKey(y);
	if (a.fqdn !== b.fqdn) return a.fqdn < b.fqdn;
	if (a.subset !== b.subset) return a.subset < b.subset;
	if (a.port !== b.port) return a.port < b.port;
	return a.direction < b.direction;
}

/** Dynamic active clusters, then static ones (warming clusters are not listed), sorted. */
function sortedClusters(dump: ConfigDump): Cluster[] | Written {
	if (dump.clusters === undefined) return err(missing('clusters'));
	const list = dump.clusters.filter((c) => c.origin !== 'warming');
	if (list.length === 0) return err('no clusters found');
	return goSortSlice(list, (x, y) => subsetKeyLess(x.name, y.name));
}

export function clusterSummary(dump: ConfigDump, filter: ClusterFilter, o: SummaryOptions = { includeConfigType: false }): Written {
	const list = sortedClusters(dump);
	if (!Array.isArray(list)) return list;
	const head = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'];
	const rows: (string | number)[][] = [o.includeConfigType ? ['NAME', ...head] : head];
	for (const c of list) {
		if (!verify(filter, c)) continue;
		const dr = renderConfig(c.istioConfig);
		if (c.name.split('|').length > 3) {
			const k = parseSubsetKey(c.name);
			const cells = [k.fqdn, k.port, k.subset === '' ? '-' : k.subset, k.direction, c.type, dr];
			rows.push(o.includeConfigType ? [`cluster/${c.name}`, ...cells] : cells);
		} else if (o.includeConfigType && c.name.length > 0) {
			// Upstream rewrites the name before printing it twice.
			rows.push([`cluster/${c.name}`, `cluster/${c.name}`, '-', '-', '-', c.type, dr]);
		} else rows.push([c.name, '-', '-', '-', c.type, dr]);
	}
	return ok(table(rows, 5));
}

export function clusterDump(dump: ConfigDump, filter: ClusterFilter, format: 'json' | 'yaml'): Written {
	const list = sortedClusters(dump);
	if (!Array.isArray(list)) return list;
	const json = messageSliceJson(list.filter((c) => verify(filter, c)).map((c) => c.raw));
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}
