// Envoy's /clusters?format=json (admin.v3.Clusters): per cluster, the hosts it currently has and
// their health. `istioctl proxy-config endpoint` reads this, not the config dump. A recorded
// file loads through the schema; a world without one derives the same view from the config
// dump: every active cluster with its endpoints (EDS or inline), no outlier ejections.

import { buildAddress, healthStatus } from './build';
import { isObject, normalizeKeys, type Json, type JsonObject } from './json';
import { parseJson } from './load';
import { clusterEndpoints } from './match';
import { AdminClustersSchema } from './schema';
import type { Address, ConfigDump, HealthStatus, Loaded } from './types';

export interface HostStatus {
	readonly address: Address;
	readonly healthStatus: HealthStatus;
	readonly failedOutlierCheck: boolean;
	readonly raw: JsonObject;
}

export interface ClusterStatus {
	readonly name: string;
	readonly hosts: readonly HostStatus[];
	readonly raw: JsonObject;
}

export function loadAdminClusters(text: string): Loaded<readonly ClusterStatus[]> {
	const parsed = parseJson(text);
	if (!parsed.ok) return parsed;
	const r = AdminClustersSchema.safeParse(parsed.value);
	if (!r.success) return { ok: false, error: r.error.issues[0]?.message ?? 'invalid' };
	const norm = normalizeKeys(parsed.value) as JsonObject;
	const list = (norm['clusterStatuses'] as readonly JsonObject[] | undefined) ?? [];
	return {
		ok: true,
		value: list.map((c) => ({
			name: typeof c['name'] === 'string' ? c['name'] : '',
			hosts: ((c['hostStatuses'] as readonly JsonObject[] | undefined) ?? []).map((h) => {
				const hs = isObject(h['healthStatus']) ? h['healthStatus'] : {};
				return { address: buildAddress(h['address']), healthStatus: healthStatus(hs['edsHealthStatus']), failedOutlierCheck: hs['failedOutlierCheck'] === true, raw: h };
			}),
			raw: c,
		})),
	};
}

function addressJson(a: Address): Json {
	switch (a.kind) {
		case 'socket':
			return { socketAddress: { address: a.address, portValue: a.port } };
		case 'pipe':
			return { pipe: { path: a.path } };
		case 'internal':
			return { envoyInternalAddress: { serverListenerName: a.serverListenerName, endpointId: a.endpointId } };
		default:
			return {};
	}
}

/** What /clusters?format=json would say for the clusters of a config dump. */
export function adminClustersFromDump(dump: ConfigDump): readonly ClusterStatus[] {
	return (dump.clusters ?? [])
		.filter((c) => c.origin !== 'warming')
		.map((c) => {
			const la = clusterEndpoints(dump, c);
			const hosts: HostStatus[] = (la?.localities ?? []).flatMap((l) =>
				l.endpoints.map((e) => {
					// Envoy treats an UNKNOWN EDS status as healthy and reports it as HEALTHY.
					const status = e.healthStatus === 'UNKNOWN' ? 'HEALTHY' : e.healthStatus;
					const raw: JsonObject = { address: addressJson(e.address), healthStatus: { edsHealthStatus: status }, weight: e.weight };
					return { address: e.address, healthStatus: status, failedOutlierCheck: false, raw };
				}),
			);
			const raw: JsonObject = { name: c.name, ...(c.origin === 'dynamic' ? { addedViaApi: true } : {}), ...(hosts.length > 0 ? { hostStatuses: hosts.map((h) => h.raw) } : {}) };
			return { name: c.name, hosts, raw };
		});
}
