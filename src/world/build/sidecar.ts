// The istio-proxy container at run time, as data: pilot-agent is its PID 1 and starts Envoy; the
// tables below say which sockets each of them holds, from which Istio release, in the order they
// are opened. Sources: reference/istio-ports.md, the seeds' `ss -ln` of a sidecar, and
// istio/istio pkg/envoy/proxy.go (Envoy's argv), pilot/cmd/pilot-agent/options (socket paths).

import type { ContainerSpec } from '../scenario/manifest';
import type { Random } from '../random';
import type { Capability, ContainerRef, Endpoint, Millis, Process } from '../types';
import { connect } from './connect';
import type { BuildContext, Mutable, MutableNetns } from './context';
import { effectiveCaps } from './context';
import { connectUnix, listenInet, listenUnix } from './sockets';

/** `1.26.3` >= `1.25`? (missing bounds always hold). */
export function versionIn(version: string, since?: string, until?: string): boolean {
	const parts = (v: string): number[] => v.replace(/^v/, '').split('.').map(Number);
	const cmp = (a: number[], b: number[]): number => {
		for (let i = 0; i < Math.max(a.length, b.length); i++) {
			const d = (a[i] ?? 0) - (b[i] ?? 0);
			if (d !== 0) return d;
		}
		return 0;
	};
	const v = parts(version);
	// `until: 1.24` includes every 1.24.x patch release.
	return (since === undefined || cmp(v, parts(since)) >= 0) && (until === undefined || cmp(v.slice(0, parts(until).length), parts(until)) <= 0);
}

interface Versioned {
	readonly since?: string;
	readonly until?: string;
}

/**
 * Envoy's command line (pkg/envoy/proxy.go, args and NewProxy): `{level}`, `{components}` and
 * `{concurrency}` come from the agent's flags and ProxyConfig.
 */
const ENVOY_ARGS: readonly (Versioned & { readonly args: readonly string[] })[] = [
	{ args: ['-c', 'etc/istio/proxy/envoy-rev.json'] },
	{ args: ['--drain-time-s', '45', '--drain-strategy', 'immediate', '--local-address-ip-version', 'v4', '--file-flush-interval-msec', '1000', '--disable-hot-restart', '--allow-unknown-static-fields'] },
	{ args: ['--log-format', '%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t'], until: '1.21' },
	{ args: ['-l', '{level}', '--component-log-level', '{components}'] },
	{ args: ['--skip-deprecated-logs'], since: '1.25' },
	{ args: ['--concurrency', '{concurrency}'] },
];

type Owner = 'envoy' | 'pilot-agent';

/** Listening sockets; `perWorker` ones exist once per Envoy worker (SO_REUSEPORT, Envoy >= 1.20). */
const LISTENERS: readonly (Versioned & { readonly owner: Owner; readonly address: string; readonly port: number; readonly perWorker?: boolean; readonly transparentInTproxy?: boolean; readonly label: string })[] = [
	{ owner: 'pilot-agent', address: '::', port: 15020, label: 'pilot-agent/status' },
	{ owner: 'pilot-agent', address: '127.0.0.1', port: 15004, since: '1.11', until: '1.24', label: 'pilot-agent/debug' },
	{ owner: 'envoy', address: '127.0.0.1', port: 15000, label: 'envoy/admin' },
	{ owner: 'envoy', address: '0.0.0.0', port: 15090, perWorker: true, label: 'envoy/prometheus' },
	{ owner: 'envoy', address: '0.0.0.0', port: 15021, perWorker: true, label: 'envoy/health' },
	{ owner: 'envoy', address: '0.0.0.0', port: 15001, perWorker: true, transparentInTproxy: true, label: 'envoy/virtualOutbound' },
	{ owner: 'envoy', address: '0.0.0.0', port: 15006, perWorker: true, transparentInTproxy: true, label: 'envoy/virtualInbound' },
];

/** pilot-agent's unix listeners, relative to the proxy's working directory `/`. */
const UNIX_LISTENERS: readonly (Versioned & { readonly path: string; readonly label: string })[] = [
	{ path: 'etc/istio/proxy/XDS', since: '1.8', label: 'pilot-agent/xds' },
	{ path: 'etc/istio/proxy/SDS', until: '1.13', label: 'pilot-agent/sds' },
	{ path: 'var/run/secrets/workload-spiffe-uds/socket', since: '1.14', label: 'pilot-agent/sds' },
];

export interface SidecarInput {
	readonly pod: ContainerRef;
	readonly container: ContainerSpec;
	readonly namespace: string;
	readonly istioVersion: string;
	readonly concurrency: number;
	readonly mode: 'REDIRECT' | 'TPROXY';
	readonly startedAt: Millis;
	readonly istiod: Endpoint;
	readonly caps: readonly Capability[];
	readonly shimPid: number;
}

/** `--proxyLogLevel=warning` -> `warning`; `$(POD_NAMESPACE)` as the kubelet expands it. */
function agentArgv(c: ContainerSpec, namespace: string): string[] {
	return ['/usr/local/bin/pilot-agent', ...(c.args ?? []).map((a) => a.replaceAll('$(POD_NAMESPACE)', namespace))];
}

function flag(argv: readonly string[], name: string, fallback: string): string {
	const hit = argv.find((a) => a.startsWith(`--${name}=`));
	return hit === undefined ? fallback : hit.slice(name.length + 3);
}

export function envoyArgv(version: string, level: string, components: string, concurrency: number): string[] {
	const vars: Record<string, string> = { level, components, concurrency: String(concurrency) };
	return ['/usr/local/bin/envoy', ...ENVOY_ARGS.filter((a) => versionIn(version, a.since, a.until)).flatMap((a) => a.args.map((w) => w.replace(/^\{(\w+)\}$/, (_, k: string) => vars[k] ?? w)))];
}

/** Starts pilot-agent and Envoy in the istio-proxy container and opens their sockets. */
export function startSidecar(ctx: BuildContext, ns: MutableNetns, s: SidecarInput): { agent: Mutable<Process>; envoy: Mutable<Process> } {
	const random: Random = ctx.random(`sidecar/${s.pod.pod}`);
	const sc = s.container.securityContext ?? {};
	const uid = sc.runAsUser ?? 1337;
	const gid = sc.runAsGroup ?? 1337;
	const argv = agentArgv(s.container, s.namespace);
	const caps = effectiveCaps(uid, s.caps);
	// Go starts a dozen threads before the agent forks Envoy; each takes a PID.
	const agentThreads = random.int(12, 19);
	const agent = ctx.spawn({ at: s.startedAt, ppid: s.shimPid, nsPid: 1, nsPpid: 0, uid, gid, comm: 'pilot-agent', argv, cwd: '/', container: s.pod, netns: ns.id, capabilities: caps, threads: agentThreads + random.int(0, 4), fdBase: 3, role: 'pilot-agent' });
	ctx.nextPid(s.startedAt + 400, agentThreads - 1);
	const envoyAt = s.startedAt + 450 + random.int(0, 300);
	// pilot-agent runs Envoy as 1337 only when it is root for a DNS port of 53; otherwise Envoy
	// inherits the agent's credentials (pkg/istio-agent AgentIsRoot).
	const eargv = envoyArgv(s.istioVersion, flag(argv, 'proxyLogLevel', 'warning'), flag(argv, 'proxyComponentLogLevel', 'misc:error'), s.concurrency);
	const envoyPid = ctx.nextPid(envoyAt);
	const envoy = ctx.spawn({ at: envoyAt, pid: envoyPid, ppid: agent.pid, nsPid: envoyPid - agent.pid + 1, nsPpid: 1, uid, gid, comm: 'envoy', argv: eargv, cwd: '/', container: s.pod, netns: ns.id, capabilities: caps, threads: 14 + 2 * s.concurrency, fdBase: 10 + random.int(4, 8), role: 'envoy' });
	agent.nextFd += random.int(2, 4);

	const tproxy = s.mode === 'TPROXY';
	const procOf = (o: Owner): Mutable<Process> => (o === 'envoy' ? envoy : agent);
	const unix = new Map<string, ReturnType<typeof listenUnix>>();
	for (const u of UNIX_LISTENERS.filter((x) => versionIn(s.istioVersion, x.since, x.until))) {
		unix.set(u.label, listenUnix(ctx, ns, agent, u.path, u.label, s.startedAt + 120, random));
	}
	for (const l of LISTENERS.filter((x) => versionIn(s.istioVersion, x.since, x.until))) {
		const at = l.owner === 'envoy' ? envoyAt + (l.perWorker ? 900 : 200) : s.startedAt + 100;
		const copies = l.perWorker ? s.concurrency : 1;
		for (let i = 0; i < copies; i++) {
			listenInet(ctx, ns, [procOf(l.owner)], { proto: 'tcp', address: l.address, port: l.port, transparent: tproxy && l.transparentInTproxy === true, label: l.label }, at + i, random);
		}
	}
	// Envoy's xDS and SDS streams to the agent, over the unix sockets.
	const xds = unix.get('pilot-agent/xds');
	if (xds !== undefined) connectUnix(ctx, ns, envoy, xds, agent, 'envoy/xds-grpc', envoyAt + 300, random);
	const sds = unix.get('pilot-agent/sds');
	if (sds !== undefined) connectUnix(ctx, ns, envoy, sds, agent, 'envoy/sds-grpc', envoyAt + 1100, random);
	// The agent's two gRPC connections to istiod:15012: the XDS upstream and the CA client.
	for (const label of ['pilot-agent/xds-upstream', 'pilot-agent/ca-client']) {
		connect(ctx, ns, { client: agent, dst: s.istiod, openedAt: s.startedAt + 200, lastActive: ctx.now - random.int(1000, 25000), label, random });
	}
	// Each Envoy worker keeps a pooled connection to the agent's status port (cluster `agent`):
	// readiness checks on 15021 are proxied there.
	for (let i = 0; i < s.concurrency; i++) {
		connect(ctx, ns, { client: envoy, dst: { address: '127.0.0.1', port: 15020 }, openedAt: envoyAt + 1500 + i * 700, lastActive: ctx.now - random.int(1000, 15000), label: 'envoy/agent', acceptor: agent, random });
	}
	return { agent, envoy };
}
