// The recorder's sidecar pod as an engine state: lo 127.0.0.1/8, eth0 10.244.1.5/24, default via
// 10.244.1.1, peer 10.244.1.6 (tests/conformance/recordings/*/case.json, topology), with a rule
// file loaded through the real restore code and Envoy's, pilot-agent's and the app's listeners.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_TABLE } from '../../src/conntrack/types';
import { addAddress, addLink, addRoute, addRule, newNetns } from '../../src/netns/build';
import type { Netns } from '../../src/netns/types';
import type { EngineState, Socket } from '../../src/netfilter/engine/types';
import { resolverFromFiles } from '../../src/netfilter/names';
import { runXtables } from '../../src/netfilter/tool';
import { emptyState, type Backend, type NetfilterState } from '../../src/netfilter/types';

export const FIXTURES = join(import.meta.dirname, '../fixtures');

export const POD_ETC = {
	passwd: 'root:x:0:0:root:/root:/bin/bash\nistio-proxy:x:1337:1337::/home/istio-proxy:/bin/sh\n',
	group: 'root:x:0:\nistio-proxy:x:1337:\n',
	hosts: '127.0.0.1\tlocalhost\n10.244.1.5\tsidecar-pod\n',
};

export const POD_ENV = { resolver: resolverFromFiles(POD_ETC), now: () => new Date(Date.UTC(2026, 10, 21, 5, 40, 44)) };

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

/** The sidecar pod's namespace; `tproxy` adds `ip rule fwmark 0x539 lookup 133` and its table. */
export function podNetns(opts: { address?: string; tproxy?: boolean } = {}): Netns {
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

export function loadRules(text: string, backend: Backend = 'nft', base: NetfilterState = emptyState()): NetfilterState {
	const tool = backend === 'nft' ? 'iptables-nft-restore' : 'iptables-legacy-restore';
	const r = runXtables([tool, '--noflush'], text, base, POD_ENV);
	if (r.result.exitCode !== 0) throw new Error(r.result.stderr);
	return r.state;
}

export function inputRules(name: string): string {
	return readFileSync(join(FIXTURES, 'iptables/materialized/inputs', `${name}.v4.restore`), 'utf8');
}

const ENVOY = { uid: 1337, gid: 1337 };
const ROOT = { uid: 0, gid: 0 };

/** The listeners of the recorder's stand-ins (processes in case.json). */
export function podSockets(opts: { tproxy?: boolean } = {}): Socket[] {
	const l = (address: string, port: number, owner: { uid: number; gid: number }, name: string, extra: Partial<Socket> = {}): Socket => ({ kind: 'listen', proto: 'tcp', local: { address, port }, owner, name, ...extra });
	return [
		l('0.0.0.0', 9080, ROOT, 'app/http'),
		l('0.0.0.0', 9090, ROOT, 'app/metrics'),
		l('::', 15020, ENVOY, 'pilot-agent/status'),
		l('127.0.0.1', 15004, ENVOY, 'pilot-agent/debug'),
		l('127.0.0.1', 15000, ENVOY, 'envoy/admin'),
		l('0.0.0.0', 15001, ENVOY, 'envoy/virtualOutbound'),
		l('0.0.0.0', 15006, ENVOY, 'envoy/virtualInbound', opts.tproxy ? { transparent: true } : {}),
		l('0.0.0.0', 15021, ENVOY, 'envoy/health'),
		l('0.0.0.0', 15090, ENVOY, 'envoy/stats'),
	];
}

export function sidecarState(rules = inputRules('sidecar-init-default'), opts: { backend?: Backend; tproxy?: boolean; sockets?: boolean } = {}): EngineState {
	return {
		netns: podNetns({ tproxy: opts.tproxy === true }),
		netfilter: loadRules(rules, opts.backend ?? 'nft'),
		conntrack: EMPTY_TABLE,
		...(opts.sockets === false ? {} : { sockets: podSockets({ tproxy: opts.tproxy === true }) }),
	};
}
