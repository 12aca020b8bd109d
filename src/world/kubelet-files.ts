// The files the kubelet writes into every pod (pkg/kubelet/kubelet_pods.go, network/dns): they are
// derived from the pod and the cluster, so the world computes them instead of storing copies.

/** /etc/hosts of a pod on its own network (ensureHostsFile, managedHostsHeader). */
export function podHosts(ip: string, hostname: string): string {
	return [
		'# Kubernetes-managed hosts file.',
		'127.0.0.1\tlocalhost',
		'::1\tlocalhost ip6-localhost ip6-loopback',
		'fe00::0\tip6-localnet',
		'fe00::0\tip6-mcastprefix',
		'fe00::1\tip6-allnodes',
		'fe00::2\tip6-allrouters',
		`${ip}\t${hostname}`,
		'',
	].join('\n');
}

/**
 * /etc/resolv.conf for dnsPolicy ClusterFirst: the cluster DNS Service, the namespace's search
 * path, then the node's own search domains (none on a kind node), and `options ndots:5`.
 */
export function podResolvConf(namespace: string, clusterDomain: string, dnsIP: string, ndots: number, nodeSearch: readonly string[] = []): string {
	const search = [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...nodeSearch];
	return `search ${search.join(' ')}\nnameserver ${dnsIP}\noptions ndots:${ndots}\n`;
}

/** The search domains of a resolv.conf, and its ndots option. */
export function parseResolvConf(text: string): { search: string[]; nameservers: string[]; ndots: number } {
	let search: string[] = [];
	const nameservers: string[] = [];
	let ndots = 1;
	for (const line of text.split('\n')) {
		const [key, ...rest] = line.trim().split(/\s+/);
		if (key === 'search' || key === 'domain') search = rest;
		else if (key === 'nameserver' && rest[0] !== undefined) nameservers.push(rest[0]);
		else if (key === 'options') {
			for (const o of rest) {
				const m = /^ndots:(\d+)$/.exec(o);
				if (m) ndots = Math.min(15, Number(m[1]));
			}
		}
	}
	return { search, nameservers, ndots };
}
