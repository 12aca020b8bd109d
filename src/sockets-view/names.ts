// The lookups ss, netstat and lsof do through glibc: getservbyport/getservbyname (/etc/services),
// gethostbyaddr/gethostbyname (/etc/hosts, then DNS as nsswitch's `hosts: files dns` says) and
// getpwuid (/etc/passwd). Each reads the caller's own files, so a container and the node answer
// differently, as they do for real.

import { DEBIAN_SERVICES } from './services-data';
import type { Names } from './types';

export interface NameFiles {
	/** /etc/services; Debian's netbase copy when the filesystem has none. */
	readonly services?: string;
	readonly hosts?: string;
	readonly passwd?: string;
}

/** DNS answers beyond /etc/hosts (the cluster's CoreDNS for a pod). */
export interface Resolver {
	/** The PTR answer for an address, without the trailing dot. */
	reverse(address: string): string | undefined;
	/** A records of a name. */
	forward(name: string): readonly string[];
}

function fields(text: string): string[][] {
	return text
		.split('\n')
		.map((l) => l.replace(/#.*/, '').trim())
		.filter((l) => l !== '')
		.map((l) => l.split(/\s+/));
}

/** `::ffff:10.244.1.5` -> `10.244.1.5`; other text unchanged. */
export function unmapped(address: string): string {
	return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function namesFrom(files: NameFiles, dns?: Resolver): Names {
	const byPort = new Map<string, string>();
	const byName = new Map<string, number>();
	const services = files.services === undefined ? DEBIAN_SERVICES.map((l) => l.split(' ')) : fields(files.services);
	for (const [name, portProto, ...aliases] of services) {
		const m = /^(\d+)\/(\w+)$/.exec(portProto ?? '');
		if (name === undefined || m === null) continue;
		const key = `${m[1]}/${m[2]}`;
		if (!byPort.has(key)) byPort.set(key, name);
		for (const n of [name, ...aliases]) if (!byName.has(`${n}/${m[2]}`)) byName.set(`${n}/${m[2]}`, Number(m[1]));
	}
	const hostNames = new Map<string, string>();
	const hostAddrs = new Map<string, string[]>();
	for (const [addr, ...names] of fields(files.hosts ?? '')) {
		if (addr === undefined || names.length === 0) continue;
		if (!hostNames.has(addr)) hostNames.set(addr, names[0] ?? '');
		if (addr.includes(':')) continue;
		for (const n of names) hostAddrs.set(n, [...(hostAddrs.get(n) ?? []), addr]);
	}
	const users = new Map<number, string>();
	for (const line of (files.passwd ?? '').split('\n')) {
		const [name, , uid] = line.split(':');
		if (name !== undefined && uid !== undefined && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
	}
	return {
		service: (port, proto) => byPort.get(`${port}/${proto}`),
		port: (name, proto) => byName.get(`${name}/${proto}`),
		host: (address) => hostNames.get(address) ?? dns?.reverse(address),
		addresses: (name) => hostAddrs.get(name) ?? dns?.forward(name) ?? [],
		user: (uid) => users.get(uid),
	};
}

/** Nothing resolves (tests that only care about numbers). */
export const NUMERIC_NAMES: Names = namesFrom({ services: '' });
