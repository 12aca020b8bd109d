// getaddrinfo as the world's programs see it: /etc/hosts of the location first (every address of
// the name, both families), then the cluster's DNS when resolv.conf points at it (A records only:
// the cluster is single-stack). The node's and an nsenter shell's files have no cluster DNS.

import { v4 } from '../netns/addr';
import { resolve } from '../world/dns';
import { filesAt } from '../world/location';
import type { Location, World } from '../world/types';
import { hostsAt } from './world';

export type HostLookup = { readonly kind: 'literal' } | { readonly kind: 'names'; readonly v4: readonly string[]; readonly v6: readonly string[] } | { readonly kind: 'nxdomain' };

/** Every address /etc/hosts gives a name, per family, in file order. */
export function fromHosts(hosts: string, name: string): { v4: string[]; v6: string[] } {
	const out = { v4: [] as string[], v6: [] as string[] };
	for (const line of hosts.split('\n')) {
		const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
		if (addr === undefined || !names.some((n) => n.toLowerCase() === name.toLowerCase())) continue;
		if (addr.includes(':')) out.v6.push(addr);
		else out.v4.push(addr);
	}
	return out;
}

export function lookupHost(world: World, at: Location, host: string): HostLookup {
	if (v4(host) !== undefined || host.includes(':')) return { kind: 'literal' };
	const hosted = fromHosts(hostsAt(world, at), host.replace(/\.$/, ''));
	if (hosted.v4.length + hosted.v6.length > 0) return { kind: 'names', ...hosted };
	const resolvConf = filesAt(world, at)['/etc/resolv.conf'];
	if (resolvConf === undefined) return { kind: 'nxdomain' };
	const a = resolve(world, host, { resolvConf, hosts: '' });
	return a.kind === 'address' ? { kind: 'names', v4: [a.address], v6: [] } : { kind: 'nxdomain' };
}
