// `kubectl get pods|services|endpoints [NAME…] [-n NS|-A] [-l SEL] [-o wide|yaml|name|jsonpath=…]`.
// The columns are the API server's table columns (pkg/printers/internalversion, Kubernetes 1.32),
// printed through kubectl's tabwriter (minwidth 6, padding 3); AGE is HumanDuration of the time
// since creation; ENDPOINTS shows three addresses then `+ N more...` (formatEndpoints).

import type { World } from '../../world/types';
import type { KubectlArgs } from './args';
import { selectorMatcher } from './args';
import { clusterBirth, endpointsObject, packedEndpoints, podRows, serviceCreatedAt, serviceObject, sortedServices, yamlList, yamlOf } from './cluster';
import { jsonpath } from './jsonpath';
import { parseManifest } from './object';
import { tabwrite } from './tabwriter';
import { humanDuration } from './time';

type Result = { stdout: string; stderr: string; exitCode: number };

const KINDS: Readonly<Record<string, 'pods' | 'services' | 'endpoints'>> = {
	pods: 'pods', pod: 'pods', po: 'pods',
	services: 'services', service: 'services', svc: 'services',
	endpoints: 'endpoints', endpoint: 'endpoints', ep: 'endpoints',
};

const SINGULAR = { pods: 'pod', services: 'service', endpoints: 'endpoints' } as const;

const FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

interface Item {
	readonly namespace: string;
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly cells: readonly string[];
	readonly wide: readonly string[];
	readonly yaml: () => string;
	readonly data: () => unknown;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], headers: boolean): string {
	const lines = [...(headers ? [header] : []), ...rows].map((r) => `${r.join('\t')}\n`).join('');
	return tabwrite(lines, { minwidth: 6, padding: 3 });
}

function items(world: World, kind: 'pods' | 'services' | 'endpoints', now: number): Item[] {
	if (kind === 'pods') {
		return podRows(world).map((r) => ({
			namespace: r.namespace,
			name: r.name,
			labels: r.labels,
			cells: [r.name, r.ready, r.status, String(r.restarts), humanDuration(now - r.createdAt)],
			wide: [r.ip, r.node, '<none>', '<none>'],
			yaml: () => r.pod?.manifest ?? yamlOf({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { ...r.labels }, name: r.name, namespace: r.namespace }, status: { phase: 'Running', podIP: r.ip } }),
			data: () => (r.pod !== undefined ? parseManifest(r.pod.manifest) : { apiVersion: 'v1', kind: 'Pod', metadata: { name: r.name, namespace: r.namespace, labels: r.labels }, spec: { nodeName: r.node }, status: { phase: 'Running', podIP: r.ip } }),
		}));
	}
	if (kind === 'services') {
		return sortedServices(world).map((s) => {
			const selector = Object.keys(s.selector).sort().map((k) => `${k}=${s.selector[k] ?? ''}`).join(',');
			return {
				namespace: s.namespace,
				name: s.name,
				labels: s.labels,
				cells: [s.name, s.type, s.clusterIP, '<none>', s.ports.map((p) => `${p.port}/${p.protocol}`).join(','), humanDuration(now - serviceCreatedAt(world, s))],
				wide: [selector === '' ? '<none>' : selector],
				yaml: () => yamlOf(serviceObject(world, s)),
				data: () => serviceObject(world, s),
			};
		});
	}
	return [...world.endpoints]
		.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
		.map((e) => {
			const packed = packedEndpoints(e);
			const list: string[] = [];
			let count = 0;
			let more = false;
			for (const p of packed.ports) {
				count += packed.addresses.length;
				for (const a of packed.addresses) {
					if (list.length === 3) {
						more = true;
						break;
					}
					list.push(`${a.ip}:${p.port}`);
				}
			}
			const shown = packed.addresses.length === 0 ? '<none>' : more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
			const svc = world.services.find((s) => s.name === e.name && s.namespace === e.namespace);
			const created = svc === undefined ? clusterBirth(world) : serviceCreatedAt(world, svc);
			return { namespace: e.namespace, name: e.name, labels: svc?.labels ?? {}, cells: [e.name, shown, humanDuration(now - created)], wide: [], yaml: () => yamlOf(endpointsObject(world, e)), data: () => endpointsObject(world, e) };
		});
}

const HEADERS = {
	pods: { cols: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] },
	services: { cols: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'] },
	endpoints: { cols: ['NAME', 'ENDPOINTS', 'AGE'], wide: [] as string[] },
};

export function kubectlGet(world: World, a: KubectlArgs, now: number): Result {
	const [what, ...names] = a.operands;
	if (what === undefined) {
		return { stdout: '', stderr: 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n', exitCode: 1 };
	}
	// `pod/NAME` names one object of a kind.
	const slash = what.indexOf('/');
	const typed = (slash >= 0 ? what.slice(0, slash) : what).toLowerCase();
	const kind = Object.hasOwn(KINDS, typed) ? KINDS[typed] : undefined;
	if (kind === undefined) return { stdout: '', stderr: `error: the server doesn't have a resource type "${slash >= 0 ? what.slice(0, slash) : what}"\n`, exitCode: 1 };
	if (slash >= 0) names.unshift(what.slice(slash + 1));
	const out = a.output ?? '';
	const format = out.startsWith('jsonpath=') ? 'jsonpath' : out;
	if (!['', 'wide', 'yaml', 'name', 'jsonpath', 'json'].includes(format)) {
		return { stdout: '', stderr: `error: unable to match a printer suitable for the output format "${out}", allowed formats are: ${FORMATS}\n`, exitCode: 1 };
	}
	const match = a.selector === undefined ? () => true : selectorMatcher(a.selector);
	if (match === undefined) return { stdout: '', stderr: `Error from server (BadRequest): Unable to find "/v1, Resource=${kind}" that match label selector "${a.selector ?? ''}", field selector "": unable to parse requirement: found '', expected: identifier\n`, exitCode: 1 };
	const ns = a.namespace ?? 'default';
	let list = items(world, kind, now).filter((i) => (a.allNamespaces || i.namespace === ns) && match(i.labels));
	let stderr = '';
	let exitCode = 0;
	if (names.length > 0) {
		const found: Item[] = [];
		for (const n of names) {
			const hit = list.find((i) => i.name === n);
			if (hit === undefined) {
				stderr += `Error from server (NotFound): ${kind} "${n}" not found\n`;
				exitCode = 1;
			} else found.push(hit);
		}
		list = found;
	}
	const single = names.length === 1;
	if (list.length === 0 && names.length === 0) {
		return { stdout: '', stderr: a.allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`, exitCode: 0 };
	}
	let stdout = '';
	if (format === 'name') stdout = list.map((i) => `${SINGULAR[kind]}/${i.name}\n`).join('');
	else if (format === 'yaml') stdout = list.length === 0 ? '' : single ? (list[0] as Item).yaml() : yamlList(list.map((i) => i.yaml()));
	else if (format === 'json') stdout = list.length === 0 ? '' : `${JSON.stringify(single ? (list[0] as Item).data() : { apiVersion: 'v1', items: list.map((i) => i.data()), kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
	else if (format === 'jsonpath') {
		const data = single ? (list[0] as Item).data() : { apiVersion: 'v1', items: list.map((i) => i.data()), kind: 'List', metadata: { resourceVersion: '' } };
		const r = jsonpath(out.slice('jsonpath='.length), data);
		if (!r.ok) return { stdout: '', stderr: r.error, exitCode: 1 };
		stdout = r.text;
	} else if (list.length > 0) {
		const h = HEADERS[kind];
		const wide = format === 'wide';
		const header = [...(a.allNamespaces ? ['NAMESPACE'] : []), ...h.cols, ...(wide ? h.wide : [])];
		const rows = list.map((i) => [...(a.allNamespaces ? [i.namespace] : []), ...i.cells, ...(wide ? i.wide : [])]);
		stdout = table(header, rows, !a.noHeaders);
	}
	return { stdout, stderr, exitCode };
}
