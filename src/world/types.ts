// The world vocabulary: read this file first.
//
// A world is one Kubernetes node (or more) as a learner standing on it would find it: the node's
// own network namespace, one network namespace per pod sandbox, the containers of each pod with
// their processes, the sockets those processes hold, and the cluster around them (Services,
// Endpoints, DNS). It is built from a scenario (content/scenarios/<id>/, see docs/scenarios.md)
// by buildWorld(scenario, { seed, now }) and never reads a clock or Math.random itself.
//
//   node kind-worker (host netns: lo, eth0, cni0, flannel.1, veth…@ifN; kube-proxy's rules)
//    |
//    +-- pod productpage-v1-…  (netns: lo, eth0@ifN 10.244.1.5; the sidecar's nat rules)
//    |     +-- sandbox "pause"          PID 1 of the pod's sandbox
//    |     +-- init  istio-init         exited 0 after running istio-iptables (its log is kept)
//    |     +-- app   productpage        gunicorn, uid 1000, listens *:9080
//    |     +-- app   istio-proxy        pilot-agent (PID 1, uid 1337) -> envoy (uid 1337)
//    +-- pod sleep-…  (no sidecar, no rules)
//
// Ownership: a World is an immutable value by convention (every field readonly). The mutation
// functions in ./mutate.ts return a new World that shares every untouched part with the old one,
// so a command can keep the world it started from (for `trace`, for undo) and tests can compare
// worlds with deep equality. Nothing outside ./mutate.ts and ./build/ creates a World.
//
// Identity: a pod is named `namespace/name`; a network namespace has a NetnsId (`node/<name>` or
// `pod/<namespace>/<name>`); a process is found by its host PID; a socket by its inode.

import type { ConntrackTable } from '../conntrack/types';
import type { Netns } from '../netns/types';
import type { NetfilterState } from '../netfilter/types';
import type { RequestPath } from '../mesh/types';
import type { Live } from '../sockets-view/dial';

/** `node/kind-worker`, `pod/default/productpage-v1-7f9d8c6b5d-x2kqp`. */
export type NetnsId = string;

/** A moment on the injected clock, in milliseconds since the epoch. */
export type Millis = number;

// ---------------------------------------------------------------------------------------------
// Sockets, as the kernel keeps them and `ss`, `netstat`, `lsof` and /proc/net/* show them.

/** TCP states by their kernel names (include/net/tcp_states.h); the value is /proc/net/tcp's `st`. */
export const TCP_STATE_CODE = {
	ESTABLISHED: 0x01,
	SYN_SENT: 0x02,
	SYN_RECV: 0x03,
	FIN_WAIT1: 0x04,
	FIN_WAIT2: 0x05,
	TIME_WAIT: 0x06,
	CLOSE: 0x07,
	CLOSE_WAIT: 0x08,
	LAST_ACK: 0x09,
	LISTEN: 0x0a,
	CLOSING: 0x0b,
} as const;
export type TcpState = keyof typeof TCP_STATE_CODE;

/** One reference to a socket from a process's file descriptor table (ss -p: `("envoy",pid=..,fd=..)`). */
export interface SocketRef {
	readonly pid: number;
	readonly fd: number;
}

export interface Endpoint {
	readonly address: string;
	readonly port: number;
}

/**
 * A TCP or UDP socket. `family` is the socket's own: a dual-stack listener (Go's `:15020`,
 * gunicorn's `[::]:9080`) is an IPv6 socket bound to `::`, which ss prints as `*:15020` and whose
 * accepted IPv4 peers appear as `[::ffff:10.244.1.6]` (kernel-notes.md, fact 18).
 */
export interface InetSocket {
	readonly kind: 'inet';
	readonly inode: number;
	readonly proto: 'tcp' | 'udp';
	readonly family: 'ipv4' | 'ipv6';
	/** UDP sockets have no state; ss prints them UNCONN. */
	readonly state: TcpState | 'UNCONN';
	readonly local: Endpoint;
	/** Established sockets only. */
	readonly remote?: Endpoint;
	/** The creating process's credentials: what `-m owner` and `ss -e` (uid:N) see. */
	readonly owner: { readonly uid: number; readonly gid: number };
	/** Every fd referring to the socket; inherited listeners have one per process (gunicorn workers). */
	readonly refs: readonly SocketRef[];
	/** IPV6_V6ONLY: an IPv6 listener that does not take IPv4 connections. */
	readonly v6only?: boolean;
	/** IP_TRANSPARENT (TPROXY's listeners). */
	readonly transparent?: boolean;
	/** listen(2) backlog, capped by net.core.somaxconn (4096): ss shows it as a listener's Send-Q. */
	readonly backlog?: number;
	/** Who this socket is in the story: `envoy/virtualInbound`, `pilot-agent/xds-upstream`. */
	readonly label: string;
	readonly createdAt: Millis;
	/** When a TIME_WAIT socket was closed (its 60 s timer runs from here). */
	readonly closedAt?: Millis;
}

/** A unix-domain socket (ss -x): a named listener, or one end of a connected pair. */
export interface UnixSocket {
	readonly kind: 'unix';
	readonly inode: number;
	readonly type: 'stream' | 'dgram' | 'seqpacket';
	readonly state: 'LISTEN' | 'ESTAB' | 'UNCONN';
	/** sun_path as bound, relative when the process bound a relative path (`etc/istio/proxy/XDS`). */
	readonly path?: string;
	/** The inode of the other end of a connected pair; 0 for a listener (ss prints `* 0`). */
	readonly peer: number;
	/** A listener's listen(2) backlog (ss shows it as Send-Q); Go's listeners use somaxconn, 4096. */
	readonly backlog?: number;
	readonly owner: { readonly uid: number; readonly gid: number };
	readonly refs: readonly SocketRef[];
	readonly label: string;
	readonly createdAt: Millis;
}

export type Socket = InetSocket | UnixSocket;

/** Everything that belongs to one network namespace. */
export interface NetnsState {
	readonly id: NetnsId;
	/** The namespace's inode: `readlink /proc/PID/ns/net` gives `net:[4026532…]`. */
	readonly inode: number;
	readonly netns: Netns;
	readonly netfilter: NetfilterState;
	readonly conntrack: ConntrackTable;
	/** Inet and unix sockets, in creation order (the renderers decide the order they print). */
	readonly sockets: readonly Socket[];
}

// ---------------------------------------------------------------------------------------------
// Processes and containers.

/** Linux capability names without the CAP_ prefix, as Kubernetes spells them. */
export type Capability = string;

export interface Process {
	/** PID in the node's (initial) PID namespace: what the node's `ps` and `nsenter -t` use. */
	readonly pid: number;
	readonly ppid: number;
	/** PID inside the container's own PID namespace (1 for its first process). */
	readonly nsPid: number;
	readonly nsPpid: number;
	readonly uid: number;
	readonly gid: number;
	/** Supplementary groups. */
	readonly groups: readonly number[];
	/** /proc/PID/comm: at most 15 characters (TASK_COMM_LEN 16). */
	readonly comm: string;
	readonly argv: readonly string[];
	readonly cwd: string;
	/** The container it runs in; undefined for the node's own processes. */
	readonly container?: ContainerRef;
	readonly netns: NetnsId;
	/** Effective capabilities (CapEff). */
	readonly capabilities: readonly Capability[];
	readonly startedAt: Millis;
	/** Threads (ps -L, /proc/PID/task): Envoy has its main thread, workers and helpers. */
	readonly threads: number;
	/** Next fd the process would get from socket()/open(): the lowest free one above those used. */
	readonly nextFd: number;
	/** Who this process is in the story: `envoy`, `pilot-agent`, `app`, `pause`, `kubelet`. */
	readonly role: string;
}

export interface ContainerRef {
	readonly pod: string;
	readonly container: string;
}

export type ContainerKind = 'init' | 'app' | 'sidecar';

export type ContainerState =
	| { readonly kind: 'running'; readonly startedAt: Millis }
	| { readonly kind: 'terminated'; readonly exitCode: number; readonly reason: string; readonly startedAt: Millis; readonly finishedAt: Millis };

export interface Container {
	readonly name: string;
	/** `containerd://<64 hex>` as in the pod's status; crictl shows the first 13 hex digits. */
	readonly id: string;
	readonly kind: ContainerKind;
	readonly image: string;
	readonly imageId: string;
	readonly state: ContainerState;
	readonly user: { readonly uid: number; readonly gid: number };
	/** After Kubernetes applied add/drop to the runtime's default set. */
	readonly capabilities: readonly Capability[];
	readonly privileged: boolean;
	readonly readOnlyRootFilesystem: boolean;
	/** Host PID of the container's first process; undefined once it exited. */
	readonly mainPid?: number;
	/** Programs on its PATH (`iptables` is absent from every app image). */
	readonly binaries: readonly string[];
	/** Its filesystem as far as lessons look: /etc/passwd, /etc/resolv.conf, envoy-rev.json … */
	readonly files: Readonly<Record<string, string>>;
	/** The working directory of its first process (WORKDIR). */
	readonly workdir: string;
	/** Output of the container so far (`kubectl logs POD -c NAME`). */
	readonly logs: string;
}

export interface SidecarInfo {
	readonly istioVersion: string;
	readonly interceptionMode: 'REDIRECT' | 'TPROXY';
	/** Rules programmed by the istio-cni node plugin instead of an istio-init container. */
	readonly cni: boolean;
	readonly proxyUid: number;
	readonly proxyGid: number;
	/** Envoy's /config_dump as the scenario recorded it (the pod's `configDump` file), when it has one. */
	readonly configDump?: string;
}

export interface Pod {
	/** `namespace/name`. */
	readonly key: string;
	readonly name: string;
	readonly namespace: string;
	readonly uid: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	readonly nodeName: string;
	readonly ip: string;
	readonly hostIP: string;
	readonly hostNetwork: boolean;
	readonly netns: NetnsId;
	readonly serviceAccount: string;
	/** The pod sandbox (pause container) id and host PID; nsenter -t on it enters the pod's netns. */
	readonly sandbox: { readonly id: string; readonly pid: number };
	/** Init containers first (in order), then the containers, as the pod spec lists them. */
	readonly containers: readonly Container[];
	/** `kubectl get pod -o yaml` as recorded in the scenario. */
	readonly manifest: string;
	readonly createdAt: Millis;
	/**
	 * The host side of the pod's veth pair (`veth1a2b3c4d`), an interface of the node's netns.
	 * `ip link` shows the pair as `veth1a2b3c4d@if2` on the node (the pod's eth0 is index 2) and
	 * `eth0@ifN` in the pod (N: the host veth's index); absent on the host network.
	 */
	readonly hostVeth?: string;
	/** The namespace as the runtime named it under /var/run/netns (`cni-1b2c…`): `link-netns` on the node. */
	readonly netnsName?: string;
	readonly sidecar?: SidecarInfo;
}

/** A pod of the cluster that runs on a node the world does not model (istiod, CoreDNS). */
export interface RemotePod {
	readonly key: string;
	readonly name: string;
	readonly namespace: string;
	readonly ip: string;
	readonly nodeName: string;
	readonly labels: Readonly<Record<string, string>>;
	/** What listens there, as `tcp/15012`, for connections the world makes towards it. */
	readonly ports: readonly { readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
}

export interface Node {
	readonly name: string;
	/** The node's InternalIP. */
	readonly ip: string;
	readonly podCidr: string;
	readonly netns: NetnsId;
	readonly hostname: string;
	readonly kernel: string;
	readonly osImage: string;
	readonly containerRuntime: string;
	readonly kubeletVersion: string;
	readonly bootedAt: Millis;
	readonly binaries: readonly string[];
	readonly files: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------------------------------------
// The cluster around the node.

export interface ServicePort {
	readonly name?: string;
	readonly port: number;
	readonly targetPort: number;
	readonly protocol: 'TCP' | 'UDP';
	readonly appProtocol?: string;
}

export interface Service {
	readonly name: string;
	readonly namespace: string;
	readonly clusterIP: string;
	readonly type: 'ClusterIP';
	readonly ports: readonly ServicePort[];
	readonly selector: Readonly<Record<string, string>>;
	readonly labels: Readonly<Record<string, string>>;
}

export interface EndpointAddress {
	readonly ip: string;
	readonly nodeName: string;
	/** The pod behind the address (`namespace/name`). */
	readonly pod: string;
}

/** The Endpoints object the endpoints controller keeps for a Service (one subset). */
export interface Endpoints {
	readonly name: string;
	readonly namespace: string;
	readonly addresses: readonly EndpointAddress[];
	readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
}

/** An A record CoreDNS serves: `productpage.default.svc.cluster.local. 30 IN A 10.96.…`. */
export interface DnsRecord {
	readonly name: string;
	readonly type: 'A';
	readonly address: string;
	readonly ttl: number;
}

export interface Cluster {
	readonly name: string;
	readonly domain: string;
	readonly serviceCidr: string;
	readonly podCidr: string;
	readonly dnsIP: string;
	readonly kubernetesVersion: string;
	readonly istioVersion: string;
}

// ---------------------------------------------------------------------------------------------
// Where the terminal is.

/**
 * Where commands run, as on a real node: a root shell on the node; the node's shell after
 * `nsenter -t PID -n [-u]` (the pod's network namespace, the node's files and programs); or a
 * shell in a container after `kubectl exec` (its user, files, programs and hostname).
 */
export type Location =
	| { readonly kind: 'node'; readonly node: string; readonly netns: NetnsId; readonly uid: 0; readonly gid: 0; readonly hostname: string; readonly binaries: readonly string[]; readonly cwd: string }
	| {
			readonly kind: 'nsenter';
			readonly node: string;
			readonly targetPid: number;
			/** The pod whose namespace was entered, when the PID belongs to one. */
			readonly pod?: string;
			readonly netns: NetnsId;
			/** `-u` also entered the UTS namespace: the pod's hostname. */
			readonly uts: boolean;
			readonly uid: 0;
			readonly gid: 0;
			readonly hostname: string;
			readonly binaries: readonly string[];
			readonly cwd: string;
	  }
	| {
			readonly kind: 'exec';
			readonly node: string;
			readonly pod: string;
			readonly container: string;
			readonly netns: NetnsId;
			readonly uid: number;
			readonly gid: number;
			readonly hostname: string;
			readonly binaries: readonly string[];
			readonly cwd: string;
	  };

// ---------------------------------------------------------------------------------------------
// The world.

export interface World {
	readonly scenario: { readonly id: string; readonly title: Readonly<Record<'en' | 'zh', string>>; readonly recordedAt: Millis };
	readonly seed: number;
	/** The moment the world was built for; mutations carry their own time. */
	readonly builtAt: Millis;
	readonly cluster: Cluster;
	readonly nodes: readonly Node[];
	readonly pods: readonly Pod[];
	readonly remotePods: readonly RemotePod[];
	readonly services: readonly Service[];
	readonly endpoints: readonly Endpoints[];
	readonly dns: readonly DnsRecord[];
	readonly netns: Readonly<Record<NetnsId, NetnsState>>;
	/** Every process on the modelled nodes, by ascending host PID. */
	readonly processes: readonly Process[];
	/** State of the seeded allocators, so mutations stay deterministic. */
	readonly alloc: Allocators;
	/** Things the scenario has that the simulator cannot model yet (listed by the tests). */
	readonly warnings: readonly string[];
	/**
	 * Counters of the programs the lab's commands talked to (Envoy's listener connections, ...),
	 * by `<pod key> <metric>{labels}`; absent until a command bumps the first one.
	 */
	readonly metrics?: Readonly<Record<string, number>>;
	/**
	 * Upstream connections Envoy keeps open after a request (HTTP/1.1 keep-alive in its connection
	 * pools), so the next request to the same host reuses them; absent until the first request.
	 */
	readonly envoyPools?: readonly PooledConnection[];
	/** The path of the last request made through the world (the `hops` command explains it). */
	readonly lastRequest?: RequestPath;
}

/** One pooled upstream connection of a pod's Envoy. */
export interface PooledConnection {
	/** The pod whose Envoy holds it. */
	readonly pod: string;
	/** `outbound|9080||reviews.default.svc.cluster.local`, `inbound|9080||`. */
	readonly cluster: string;
	readonly host: Endpoint;
	/** The connection's sockets and its legs through each namespace (src/sockets-view/dial). */
	readonly live: Live;
	/** Requests it carried so far. */
	readonly requests: number;
}

export interface Allocators {
	/** The seeded random source's state (see ./random.ts). */
	readonly random: number;
	readonly nextPid: number;
	readonly nextInode: number;
}
