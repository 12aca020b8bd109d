// Name lookups iptables does through libc: getpwuid/getgrgid (owner), getservbyport (ports),
// getprotobynumber (protocols), gethostbyaddr and getnetbyaddr (addresses). In the simulator they
// read the pod's own files, so the same rules print `istio-proxy` in one image and `1337` in another.

export interface NameResolver {
	/** uid -> user name (/etc/passwd). */
	user(uid: number): string | undefined;
	/** user name -> uid, for `--uid-owner istio-proxy`. */
	uid(name: string): number | undefined;
	group(gid: number): string | undefined;
	gid(name: string): number | undefined;
	/** Port -> service name for a protocol (/etc/services). */
	service(port: number, protocol: string): string | undefined;
	/** Service name -> port, for `--dport ssh`. */
	port(name: string, protocol: string): number | undefined;
	/** Protocol number -> name (/etc/protocols). */
	protocolName(num: number): string | undefined;
	protocolNumber(name: string): number | undefined;
	/** Address -> host name (/etc/hosts), the first name on the matching line. */
	host(address: string): string | undefined;
	/** Host name -> address of a family (/etc/hosts), for `-d localhost`. */
	hostAddress(name: string, family: 'ipv4' | 'ipv6'): string | undefined;
	/** Network address (IPv4) -> network name (/etc/networks). */
	network(address: string): string | undefined;
}

export interface EtcFiles {
	readonly passwd?: string;
	readonly group?: string;
	readonly services?: string;
	readonly protocols?: string;
	readonly hosts?: string;
	readonly networks?: string;
}

/**
 * /etc/protocols of Debian's netbase package, the file every Debian-based proxy image carries.
 * Used when a world does not supply its own: iptables-save itself prints protocol names from it
 * (`-p 47` is saved as `-p gre`).
 */
export const DEBIAN_PROTOCOLS = [
	'ip 0', 'hopopt 0', 'icmp 1', 'igmp 2', 'ggp 3', 'ipencap 4', 'st 5', 'tcp 6', 'egp 8', 'igp 9', 'pup 12',
	'udp 17', 'hmp 20', 'xns-idp 22', 'rdp 27', 'iso-tp4 29', 'dccp 33', 'xtp 36', 'ddp 37', 'idpr-cmtp 38',
	'ipv6 41', 'ipv6-route 43', 'ipv6-frag 44', 'idrp 45', 'rsvp 46', 'gre 47', 'esp 50', 'ah 51', 'skip 57',
	'ipv6-icmp 58', 'ipv6-nonxt 59', 'ipv6-opts 60', 'rspf 73', 'vmtp 81', 'eigrp 88', 'ospf 89', 'ax.25 93',
	'ipip 94', 'etherip 97', 'encap 98', 'pim 103', 'ipcomp 108', 'vrrp 112', 'l2tp 115', 'isis 124',
	'sctp 132', 'fc 133', 'mobility-header 135', 'udplite 136', 'mpls-in-ip 137', 'manet 138', 'hip 139',
	'shim6 140', 'wesp 141', 'rohc 142', 'ethernet 143', 'mptcp 262',
].join('\n');

function lines(text: string | undefined): string[][] {
	if (text === undefined) return [];
	return text
		.split('\n')
		.map((l) => l.replace(/#.*/, '').trim())
		.filter((l) => l !== '')
		.map((l) => l.split(/\s+/));
}

function colonFile(text: string | undefined): { byId: Map<number, string>; byName: Map<string, number> } {
	const byId = new Map<number, string>();
	const byName = new Map<string, number>();
	for (const line of (text ?? '').split('\n')) {
		const [name, , id] = line.split(':');
		if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue;
		const n = Number(id);
		if (!byId.has(n)) byId.set(n, name);
		if (!byName.has(name)) byName.set(name, n);
	}
	return { byId, byName };
}

/** Builds a resolver from the text of the pod's /etc files; missing files resolve nothing. */
export function resolverFromFiles(files: EtcFiles): NameResolver {
	const users = colonFile(files.passwd);
	const groups = colonFile(files.group);
	const services = new Map<string, string>();
	const servicePorts = new Map<string, number>();
	for (const [name, portProto, ...aliases] of lines(files.services)) {
		const m = /^(\d+)\/(\w+)$/.exec(portProto ?? '');
		if (name === undefined || m === null) continue;
		const key = `${m[1]}/${m[2]}`;
		if (!services.has(key)) services.set(key, name);
		for (const n of [name, ...aliases]) {
			const nk = `${n}/${m[2]}`;
			if (!servicePorts.has(nk)) servicePorts.set(nk, Number(m[1]));
		}
	}
	const protoNames = new Map<number, string>();
	const protoNumbers = new Map<string, number>();
	for (const [name, num, ...aliases] of lines(files.protocols ?? DEBIAN_PROTOCOLS)) {
		if (name === undefined || num === undefined || !/^\d+$/.test(num)) continue;
		const n = Number(num);
		if (!protoNames.has(n)) protoNames.set(n, name);
		for (const a of [name, ...aliases]) if (!protoNumbers.has(a)) protoNumbers.set(a, n);
	}
	const hosts = new Map<string, string>();
	const hostAddrs = new Map<string, string>();
	for (const [addr, name, ...aliases] of lines(files.hosts)) {
		if (addr === undefined || name === undefined) continue;
		if (!hosts.has(addr)) hosts.set(addr, name);
		const fam = addr.includes(':') ? 'ipv6' : 'ipv4';
		for (const n of [name, ...aliases]) if (!hostAddrs.has(`${n}/${fam}`)) hostAddrs.set(`${n}/${fam}`, addr);
	}
	const networks = new Map<string, string>();
	for (const [name, addr] of lines(files.networks)) {
		if (addr === undefined || name === undefined) continue;
		// /etc/networks may abbreviate trailing zero octets ("127" for 127.0.0.0).
		const parts = addr.split('.');
		while (parts.length < 4) parts.push('0');
		const full = parts.join('.');
		if (!networks.has(full)) networks.set(full, name);
	}
	return {
		user: (uid) => users.byId.get(uid),
		uid: (name) => users.byName.get(name),
		group: (gid) => groups.byId.get(gid),
		gid: (name) => groups.byName.get(name),
		service: (port, proto) => services.get(`${port}/${proto}`),
		port: (name, proto) => servicePorts.get(`${name}/${proto}`),
		protocolName: (num) => protoNames.get(num),
		protocolNumber: (name) => protoNumbers.get(name),
		host: (address) => hosts.get(address),
		hostAddress: (name, family) => hostAddrs.get(`${name}/${family}`),
		network: (address) => networks.get(address),
	};
}

/** A resolver with only the built-in protocol table: every other name stays numeric. */
export const NUMERIC_RESOLVER: NameResolver = resolverFromFiles({});
