// The cluster around the node: Services as the scenario lists them, the Endpoints the endpoints
// controller derives from their selectors (every running pod, modelled or remote, whose labels
// match), and the A records CoreDNS serves for them (`<svc>.<ns>.svc.<domain>`).

import { v4 } from '../../netns/addr';
import type { ScenarioDoc } from '../scenario/schema';
import type { DnsRecord, EndpointAddress, Endpoints, Pod, RemotePod, Service } from '../types';

export function services(doc: ScenarioDoc): Service[] {
	return doc.services.map((s) => ({
		name: s.name,
		namespace: s.namespace,
		clusterIP: s.clusterIP,
		type: 'ClusterIP',
		ports: s.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol, ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) })),
		selector: s.selector,
		labels: s.labels,
	}));
}

const selects = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
	Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Numeric order of IPv4 addresses (kubectl lists endpoint addresses as the API returns them). */
const byAddress = (a: EndpointAddress, b: EndpointAddress): number => (v4(a.ip) ?? 0) - (v4(b.ip) ?? 0);

export function endpoints(doc: ScenarioDoc, svcs: readonly Service[], pods: readonly Pod[], remote: readonly RemotePod[]): Endpoints[] {
	return svcs.map((s) => {
		const spec = doc.services.find((x) => x.name === s.name && x.namespace === s.namespace);
		const manual = spec?.endpoints?.map((e) => ({ ip: e.ip, nodeName: e.nodeName, pod: '' }));
		const fromPods = [
			...pods.filter((p) => p.namespace === s.namespace && !p.hostNetwork && selects(s.selector, p.labels)).map((p) => ({ ip: p.ip, nodeName: p.nodeName, pod: p.key })),
			...remote.filter((p) => p.namespace === s.namespace && selects(s.selector, p.labels)).map((p) => ({ ip: p.ip, nodeName: p.nodeName, pod: p.key })),
		];
		return {
			name: s.name,
			namespace: s.namespace,
			addresses: [...(manual ?? fromPods)].sort(byAddress),
			ports: s.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.targetPort, protocol: p.protocol })),
		};
	});
}

export function dnsRecords(doc: ScenarioDoc, svcs: readonly Service[]): DnsRecord[] {
	return svcs.map((s) => ({ name: `${s.name}.${s.namespace}.svc.${doc.cluster.domain}`, type: 'A', address: s.clusterIP, ttl: doc.cluster.dns.ttl }));
}

export function remotePods(doc: ScenarioDoc): RemotePod[] {
	return doc.remotePods.map((p) => ({ key: `${p.namespace}/${p.name}`, name: p.name, namespace: p.namespace, ip: p.ip, nodeName: p.nodeName, labels: p.labels, ports: p.ports }));
}
