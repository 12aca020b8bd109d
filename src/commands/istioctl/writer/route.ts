// `istioctl proxy-config route`: one row per route of each virtual host (routes to
// PassthroughCluster left out, an empty virtual host as `/*  404`), or the count of virtual
// hosts with --verbose=false (writer/envoy/configdump/route.go, Istio 1.26).

import type { ConfigDump, RouteConfig } from '../../../envoy';
import { goSortSlice } from '../gosort';
import { toYaml } from '../goyaml';
import { messageSliceJson } from '../protojson';
import { renderConfig } from './cluster';
import { err, missing, ok, table, type SummaryOptions, type Written } from './common';
import { describeRouteMatch } from './listener';

export interface RouteFilter {
	readonly name: string;
	readonly verbose: boolean;
}

/** Drop `host:port` forms and `.svc[.cluster.local]` expansions, then show two and a count. */
export function describeRouteDomains(domains: readonly string[]): string {
	if (domains.length === 0) return '';
	if (domains.length === 1) return domains[0] as string;
	const withoutPort = domains.filter((d) => !d.includes(':') || ((d.match(/:/g) ?? []).length > 2 && d.endsWith(']')));
	const unique = new Set(withoutPort);
	const drop = new Set<string>();
	for (const h of withoutPort) {
		const full = h.endsWith('.svc.cluster.local') ? h.slice(0, -'.svc.cluster.local'.length) : h;
		if (unique.has(full) && full !== h) drop.add(h);
		const partial = h.endsWith('.svc') ? h.slice(0, -'.svc'.length) : h;
		if (unique.has(partial) && partial !== h) drop.add(h);
	}
	const kept = withoutPort.filter((h) => !drop.has(h));
	if (kept.length > 2) return `${kept.slice(0, 2).join(', ')} + ${kept.length - 2} more...`;
	return kept.join(', ');
}

const atoi = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) && s.replace(/^[+-]/, '').length <= 18 ? Number(s) : undefined);

/** Dynamic then static route configs, through Go's sort with a comparator that gives up on non-numeric names. */
function sortedRoutes(dump: ConfigDump): RouteConfig[] | Written {
	if (dump.routes === undefined) return err(missing('routes'));
	if (dump.routes.length === 0) return err('no routes found');
	return goSortSlice([...dump.routes], (x, y) => {
		const a = atoi(x.name);
		const b = atoi(y.name);
		if (a === undefined || b === undefined) return false;
		return a < b;
	});
}

export function routeSummary(dump: ConfigDump, filter: RouteFilter, o: SummaryOptions = { includeConfigType: false }): Written {
	const list = sortedRoutes(dump);
	if (!Array.isArray(list)) return list;
	const rows: string[][] = [filter.verbose ? ['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'] : ['NAME', 'VIRTUAL HOSTS']];
	for (const rc of list) {
		if (filter.name !== '' && filter.name !== rc.name) continue;
		const name = o.includeConfigType ? `route/${rc.name}` : rc.name;
		if (!filter.verbose) {
			rows.push([name, String(rc.virtualHosts.length)]);
			continue;
		}
		for (const vh of rc.virtualHosts) {
			const domains = describeRouteDomains(vh.domains);
			for (const r of vh.routes) {
				if (r.action.kind === 'cluster' && r.action.cluster === 'PassthroughCluster') continue;
				rows.push([name, vh.name, domains, describeRouteMatch(r.match), renderConfig(r.istioConfig)]);
			}
			if (vh.routes.length === 0) rows.push([name, vh.name, domains, '/*', '404']);
		}
	}
	return ok(table(rows, 5));
}

export function routeDump(dump: ConfigDump, filter: RouteFilter, format: 'json' | 'yaml'): Written {
	const list = sortedRoutes(dump);
	if (!Array.isArray(list)) return list;
	const json = messageSliceJson(list.filter((r) => filter.name === '' || filter.name === r.name).map((r) => r.raw));
	return ok(format === 'yaml' ? `${toYaml(JSON.parse(json))}\n` : `${json}\n`);
}
