// `istioctl proxy-status` without a pod argument (istioctl/pkg/writer/pilot/status.go, Istio
// 1.26): one row per connected proxy, sorted by proxy ID, tabwriter padding 5. istiod's syncz
// (pilot/pkg/xds/statusgen.go) reports each subscribed xDS type with the time of its last send,
// so a status reads `SYNCED (2m13s)`; a type the proxy never subscribed to is `IGNORED`.

import { goSortSlice } from './gosort';
import { parseFlags, type CommandSpecData } from './cobra';
import { GLOBAL_FLAGS } from './commands';
import type { Result } from './pc';
import type { IstioctlProvider } from './provider';
import { table } from './writer/common';
import { humanDuration } from '../kubectl/time';

export const PROXY_STATUS: CommandSpecData = {
	use: 'proxy-status [<type>/]<name>[.<namespace>]',
	aliases: ['ps'],
	short: 'Retrieves the synchronization status of each Envoy in the mesh',
	flags: [
		{ name: 'file', short: 'f', kind: 'string', usage: 'Envoy config dump JSON file' },
		{ name: 'revision', short: 'r', kind: 'string', usage: 'Control plane revision' },
		{ name: 'output', short: 'o', kind: 'string', usage: 'One of: json, yaml, short', def: 'short' },
		{ name: 'verbose', short: 'v', kind: 'bool', usage: 'Whether to show more details', def: true },
	],
};

export function proxyStatus(argv: readonly string[], provider: IstioctlProvider): Result {
	const p = parseFlags(argv, [...PROXY_STATUS.flags, ...GLOBAL_FLAGS]);
	if (!p.ok) return { stdout: '', stderr: `Error: ${p.error}\n`, exitCode: 64 };
	const rowsIn = provider.proxyStatus?.();
	if (rowsIn === undefined) return { stdout: '', stderr: 'Error: unable to find any Istiod instances\n', exitCode: 1 };
	const ns = p.values.has('namespace') ? String(p.values.get('namespace')) : '';
	const pod = p.args[0];
	const kept = rowsIn.filter((r) => (ns === '' || r.proxy.endsWith(`.${ns}`)) && (pod === undefined || r.proxy === pod || r.proxy.startsWith(`${pod}.`)));
	// 1.26 checks for "no proxies found" only right after adding a row, so a namespace without
	// proxies prints the header alone.
	const sorted = goSortSlice([...kept], (x, y) => x.proxy < y.proxy);
	const rows = [['NAME', 'CLUSTER', 'CDS', 'LDS', 'EDS', 'RDS', 'ECDS', 'ISTIOD', 'VERSION'], ...sorted.map((r) => [r.proxy, r.cluster, r.cds, r.lds, r.eds, r.rds, r.ecds, r.istiod, r.version])];
	return { stdout: table(rows, 5), stderr: '', exitCode: 0 };
}

/** How istioctl 1.26 shows an acknowledged xDS type: the status and the time since istiod last sent it. */
export function syncedStatus(lastSentMs: number, nowMs: number): string {
	return `SYNCED (${humanDuration(nowMs - lastSentMs)})`;
}

/** A type the proxy never subscribed to (no watched resource at istiod). */
export const IGNORED = 'IGNORED';

/**
 * When istiod last pushed to this Envoy, read from its config dump: the newest `lastUpdated`
 * of the dynamic clusters, listeners and route configurations (a push sends them together).
 * Undefined when the dump has none (the proxy never got a push) or does not parse.
 */
export function lastPushOf(configDump: string): number | undefined {
	let doc: unknown;
	try {
		doc = JSON.parse(configDump);
	} catch {
		return undefined;
	}
	let latest: number | undefined;
	const seen = (v: unknown): void => {
		if (typeof v !== 'string') return;
		const ms = Date.parse(v);
		if (!Number.isNaN(ms) && (latest === undefined || ms > latest)) latest = ms;
	};
	const field = (o: unknown, camel: string, snake: string): unknown => {
		if (o === null || typeof o !== 'object') return undefined;
		const r = o as Record<string, unknown>;
		return r[camel] ?? r[snake];
	};
	const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
	for (const c of list(field(doc, 'configs', 'configs'))) {
		for (const x of list(field(c, 'dynamicActiveClusters', 'dynamic_active_clusters'))) seen(field(x, 'lastUpdated', 'last_updated'));
		for (const x of list(field(c, 'dynamicListeners', 'dynamic_listeners'))) seen(field(field(x, 'activeState', 'active_state'), 'lastUpdated', 'last_updated'));
		for (const x of list(field(c, 'dynamicRouteConfigs', 'dynamic_route_configs'))) seen(field(x, 'lastUpdated', 'last_updated'));
	}
	return latest;
}
