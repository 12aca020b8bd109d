// The API objects kubectl reads, from the world: the modelled pods (their recorded manifests),
// the pods of nodes the world does not model (istiod, CoreDNS: what the world knows of them),
// Services and Endpoints. The world does not record when Services and remote pods were created:
// a Service is taken as created a second before the first pod behind it, everything else of the
// cluster when its first node booted. UIDs and resourceVersions are derived from names.

import { kubeYaml, type KubeValue } from '../../world';
import { hashLabel } from '../../world/random';
import type { Endpoints, Pod, RemotePod, Service, World } from '../../world/types';
import { byteOrder } from './object';

/** A pod as `kubectl get pods` lists it. */
export interface PodRow {
	readonly namespace: string;
	readonly name: string;
	readonly ready: string;
	readonly status: string;
	readonly restarts: number;
	readonly createdAt: number;
	readonly ip: string;
	readonly node: string;
	readonly labels: Readonly<Record<string, string>>;
	/** The modelled pod, when it is one. */
	readonly pod?: Pod;
	readonly remote?: RemotePod;
}

/** When the cluster came up: the first node's boot. */
export function clusterBirth(world: World): number {
	return Math.min(...world.nodes.map((n) => n.bootedAt));
}

export function podRows(world: World): PodRow[] {
	const local = world.pods.map((p): PodRow => {
		const running = p.containers.filter((c) => c.kind !== 'init');
		return { namespace: p.namespace, name: p.name, ready: `${running.filter((c) => c.state.kind === 'running').length}/${running.length}`, status: 'Running', restarts: 0, createdAt: p.createdAt, ip: p.ip, node: p.nodeName, labels: p.labels, pod: p };
	});
	const remote = world.remotePods.map((r): PodRow => ({ namespace: r.namespace, name: r.name, ready: '1/1', status: 'Running', restarts: 0, createdAt: clusterBirth(world), ip: r.ip, node: r.nodeName, labels: r.labels, remote: r }));
	return [...local, ...remote].sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
}

export function serviceCreatedAt(world: World, s: Service): number {
	const ep = world.endpoints.find((e) => e.name === s.name && e.namespace === s.namespace);
	const times = (ep?.addresses ?? []).flatMap((a) => world.pods.filter((p) => p.key === a.pod).map((p) => p.createdAt));
	return times.length === 0 ? clusterBirth(world) : Math.min(...times) - 1000;
}

export function sortedServices(world: World): Service[] {
	return [...world.services].sort((a, b) => byteOrder(a.namespace, b.namespace) || byteOrder(a.name, b.name));
}

/** A UUID-shaped identifier derived from a name (the real ones are random). */
export function uidOf(world: World, what: string): string {
	const h = (i: number): string => hashLabel(world.seed, `${what}/${i}`).toString(16).padStart(8, '0');
	const hex = `${h(0)}${h(1)}${h(2)}${h(3)}`;
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16] ?? '0', 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const rv = (world: World, what: string): string => String(1000 + (hashLabel(world.seed, `rv/${what}`) % 20000));
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function serviceObject(world: World, s: Service): { [key: string]: KubeValue } {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: { creationTimestamp: stamp(serviceCreatedAt(world, s)), labels: { ...s.labels }, name: s.name, namespace: s.namespace, resourceVersion: rv(world, `svc/${s.namespace}/${s.name}`), uid: uidOf(world, `svc/${s.namespace}/${s.name}`) },
		spec: {
			clusterIP: s.clusterIP,
			clusterIPs: [s.clusterIP],
			internalTrafficPolicy: 'Cluster',
			ipFamilies: ['IPv4'],
			ipFamilyPolicy: 'SingleStack',
			ports: s.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
			...(Object.keys(s.selector).length > 0 ? { selector: { ...s.selector } } : {}),
			sessionAffinity: 'None',
			type: s.type,
		},
		status: { loadBalancer: {} },
	};
}

/** Addresses as the endpoints controller packs them: sorted by IP (as text); ports by name. */
export function packedEndpoints(e: Endpoints): { addresses: Endpoints['addresses']; ports: Endpoints['ports'] } {
	return { addresses: [...e.addresses].sort((a, b) => byteOrder(a.ip, b.ip)), ports: [...e.ports].sort((a, b) => byteOrder(a.name ?? '', b.name ?? '')) };
}

export function endpointsObject(world: World, e: Endpoints): { [key: string]: KubeValue } {
	const packed = packedEndpoints(e);
	const svc = world.services.find((s) => s.name === e.name && s.namespace === e.namespace);
	const created = svc === undefined ? clusterBirth(world) : serviceCreatedAt(world, svc);
	const subsets = packed.addresses.length === 0 ? [] : [{
		addresses: packed.addresses.map((a) => {
			const pod = world.pods.find((p) => p.key === a.pod) ?? world.remotePods.find((p) => p.key === a.pod);
			const [ns = '', name = ''] = a.pod.split('/');
			return { ip: a.ip, nodeName: a.nodeName, ...(pod !== undefined ? { targetRef: { kind: 'Pod', name, namespace: ns, uid: 'uid' in pod ? pod.uid : uidOf(world, `pod/${a.pod}`) } } : {}) };
		}),
		ports: packed.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
	}];
	return {
		apiVersion: 'v1',
		kind: 'Endpoints',
		metadata: { creationTimestamp: stamp(created), labels: { ...(svc?.labels ?? {}) }, name: e.name, namespace: e.namespace, resourceVersion: rv(world, `ep/${e.namespace}/${e.name}`), uid: uidOf(world, `ep/${e.namespace}/${e.name}`) },
		...(subsets.length > 0 ? { subsets } : {}),
	};
}

/** `kubectl get … -o yaml` of several objects: a List. */
export function yamlList(items: readonly string[]): string {
	const indented = items.map((text) => text.replace(/\n$/, '').split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n') + '\n');
	return `apiVersion: v1\nitems:${items.length === 0 ? ' []\n' : `\n${indented.join('')}`}kind: List\nmetadata:\n  resourceVersion: ""\n`;
}

export const yamlOf = (v: { [key: string]: KubeValue }): string => kubeYaml(v);
