// Name resolution as a pod's glibc/musl resolver does it against the cluster's CoreDNS:
// /etc/hosts first, then the search list. A name with fewer dots than `ndots` (5 in pods) is
// tried with every search domain first and only then as it is; a name with a trailing dot only as
// it is. CoreDNS answers Service names (`<svc>.<ns>.svc.<domain>`) and pod names
// (`10-244-1-5.<ns>.pod.<domain>`); everything else is NXDOMAIN, since the world has no internet.

import { v4 } from '../netns/addr';
import { parseResolvConf } from './kubelet-files';
import type { World } from './types';

export type DnsAnswer =
	| { readonly kind: 'address'; readonly via: 'literal' | 'hosts' | 'dns'; readonly name: string; readonly address: string; readonly ttl?: number; readonly tried: readonly string[] }
	| { readonly kind: 'nxdomain'; readonly tried: readonly string[] };

/** The /etc/hosts entry for a name (first match wins, aliases included). */
function fromHosts(hosts: string, name: string): string | undefined {
	for (const line of hosts.split('\n')) {
		const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
		if (addr !== undefined && addr.includes('.') && names.includes(name)) return addr;
	}
	return undefined;
}

/** What CoreDNS answers for one fully qualified name (without the trailing dot). */
export function lookupA(world: World, fqdn: string): { address: string; ttl: number } | undefined {
	const name = fqdn.toLowerCase();
	const rec = world.dns.find((r) => r.name === name);
	if (rec !== undefined) return { address: rec.address, ttl: rec.ttl };
	// The kubernetes plugin's `pods insecure`: the address written with dashes.
	const m = /^(\d+)-(\d+)-(\d+)-(\d+)\.[a-z0-9-]+\.pod\.(.+)$/.exec(name);
	if (m !== null && m[5] === world.cluster.domain) {
		const address = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
		if (v4(address) !== undefined) return { address, ttl: world.dns[0]?.ttl ?? 30 };
	}
	return undefined;
}

/** The names the resolver tries, in order (res_nsearch). */
export function candidates(name: string, search: readonly string[], ndots: number): string[] {
	if (name.endsWith('.')) return [name.slice(0, -1)];
	const dots = (name.match(/\./g) ?? []).length;
	const searched = search.map((d) => `${name}.${d}`);
	return dots >= ndots ? [name, ...searched] : [...searched, name];
}

/** Resolves `name` as a process with this /etc/resolv.conf and /etc/hosts would. */
export function resolve(world: World, name: string, files: { readonly resolvConf: string; readonly hosts?: string }): DnsAnswer {
	if (v4(name) !== undefined) return { kind: 'address', via: 'literal', name, address: name, tried: [] };
	const hosted = files.hosts === undefined ? undefined : fromHosts(files.hosts, name.replace(/\.$/, ''));
	if (hosted !== undefined) return { kind: 'address', via: 'hosts', name, address: hosted, tried: [] };
	const conf = parseResolvConf(files.resolvConf);
	const tried: string[] = [];
	for (const fqdn of candidates(name, conf.search, conf.ndots)) {
		tried.push(fqdn);
		const a = lookupA(world, fqdn);
		if (a !== undefined) return { kind: 'address', via: 'dns', name: fqdn, address: a.address, ttl: a.ttl, tried };
	}
	return { kind: 'nxdomain', tried };
}
