// The kernel recorder's sidecar pod as a simulator state (scripts/record-kernel, topology in
// tests/conformance/recordings/*/case.json): lo 127.0.0.1/8, eth0 10.244.1.5/24, default route
// via 10.244.1.1, the peer pod at 10.244.1.6, and the listeners of the recorder's stand-ins for
// Envoy (uid 1337), pilot-agent (uid 1337) and the app (root). `sidecar-lab --rules FILE` runs
// in this namespace, so its output can be compared with the recordings line by line.

import { EMPTY_TABLE } from '../conntrack/types';
import { addAddress, addLink, addRoute, addRule, newNetns } from '../netns/build';
import type { Netns } from '../netns/types';
import type { EngineState, Socket } from '../netfilter/engine/types';
import { resolverFromFiles, type NameResolver } from '../netfilter/names';
import { runXtables } from '../netfilter/tool';
import { emptyState, type Backend, type NetfilterState } from '../netfilter/types';

/** The /etc files iptables resolves names from inside the pod (istio-proxy is uid/gid 1337). */
export const RECORDER_POD_ETC = {
	passwd: 'root:x:0:0:root:/root:/bin/bash\nistio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh\n',
	group: 'root:x:0:\nistio-proxy:x:1337:\n',
	hosts: '127.0.0.1\tlocalhost\n10.244.1.5\tsidecar-pod\n',
};

export const RECORDER_POD_RESOLVER: NameResolver = resolverFromFiles(RECORDER_POD_ETC);

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
	// The recorder's topology is fixed data; a failure here is a bug, not bad input.
	if (!r.ok) throw new Error(`broken invariant: recorder pod topology: ${r.error.message}`);
	return r.value;
}

/** The pod's namespace; `tproxy` adds `ip rule fwmark 0x539 lookup 133` and its local route. */
export function recorderPodNetns(opts: { address?: string; tproxy?: boolean } = {}): Netns {
	let ns = newNetns('sidecar-pod');
	ns = must(addLink(ns, { name: 'eth0', mac: '02:00:0a:f4:01:05' }));
	ns = must(addAddress(ns, 'eth0', `${opts.address ?? '10.244.1.5'}/24`));
	ns = must(addRoute(ns, { dst: 'default', via: '10.244.1.1', dev: 'eth0' }));
	if (opts.tproxy) {
		ns = addRule(ns, { fwmark: { value: 0x539, mask: 0xffffffff }, table: 133 });
		ns = must(addRoute(ns, { dst: 'default', type: 'local', dev: 'lo', table: 133 }));
	}
	return ns;
}

const ENVOY = { uid: 1337, gid: 1337 };
const ROOT = { uid: 0, gid: 0 };

/** The listeners of the recorder's stand-ins (the `processes` of case.json). */
export function recorderPodSockets(opts: { tproxy?: boolean } = {}): Socket[] {
	const listen = (address: string, port: number, owner: { uid: number; gid: number }, name: string, extra: Partial<Socket> = {}): Socket => ({
		kind: 'listen',
		proto: 'tcp',
		local: { address, port },
		owner,
		name,
		...extra,
	});
	return [
		listen('0.0.0.0', 9080, ROOT, 'app/http'),
		listen('0.0.0.0', 9090, ROOT, 'app/metrics'),
		listen('::', 15020, ENVOY, 'pilot-agent/status'),
		listen('127.0.0.1', 15004, ENVOY, 'pilot-agent/debug'),
		listen('127.0.0.1', 15000, ENVOY, 'envoy/admin'),
		listen('0.0.0.0', 15001, ENVOY, 'envoy/virtualOutbound'),
		listen('0.0.0.0', 15006, ENVOY, 'envoy/virtualInbound', opts.tproxy ? { transparent: true } : {}),
		listen('0.0.0.0', 15021, ENVOY, 'envoy/health'),
		listen('0.0.0.0', 15090, ENVOY, 'envoy/stats'),
	];
}

/** Loads an iptables-save/restore text the way `iptables-restore --noflush` would. */
export function loadRules(text: string, now: () => Date, backend: Backend = 'nft', base: NetfilterState = emptyState()): { ok: true; state: NetfilterState } | { ok: false; stderr: string } {
	const tool = backend === 'nft' ? 'iptables-nft-restore' : 'iptables-legacy-restore';
	const r = runXtables([tool, '--noflush'], text, base, { resolver: RECORDER_POD_RESOLVER, now });
	return r.result.exitCode === 0 ? { ok: true, state: r.state } : { ok: false, stderr: r.result.stderr };
}

/** The whole pod with no rules loaded yet. */
export function recorderPodState(opts: { tproxy?: boolean; sockets?: boolean } = {}): EngineState {
	return {
		netns: recorderPodNetns({ tproxy: opts.tproxy === true }),
		netfilter: emptyState(),
		conntrack: EMPTY_TABLE,
		...(opts.sockets === false ? {} : { sockets: recorderPodSockets({ tproxy: opts.tproxy === true }) }),
	};
}
