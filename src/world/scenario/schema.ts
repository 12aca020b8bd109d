// The schema of content/scenarios/<id>/scenario.yaml (docs/scenarios.md explains every field).
// Strict objects everywhere: a misspelt field is an error that names the allowed ones, never a
// silently ignored value. Semantic checks that need more than one field (does the file exist,
// is the pod IP inside the node's pod CIDR) live in ./references.ts.

import { z } from 'zod';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const ipv4 = z.string().regex(IPV4, { error: 'not an IPv4 address' });
export const cidr4 = z.string().refine((s) => {
	const [a, p, ...rest] = s.split('/');
	return rest.length === 0 && a !== undefined && IPV4.test(a) && p !== undefined && /^(3[0-2]|[12]?\d)$/.test(p);
}, { error: 'not an IPv4 prefix' });
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, { error: 'not a MAC address' });
/** `26h`, `3d4h`, `90s`: a time span before `recordedAt`. */
export const duration = z.string().regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/, { error: 'not a duration' });
const timestamp = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, { error: 'not an RFC 3339 UTC timestamp' });
/** A path inside the scenario folder (or, for variants, the folders it extends). */
export const filePath = z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._@+-]+(\/[A-Za-z0-9._@+-]+)*$/, { error: 'not a relative file path' });
/** A path inside a container or on the node. */
const absPath = z.string().regex(/^\/[^\0]*$/, { error: 'not an absolute path' });
const version = z.string().regex(/^v?\d+\.\d+\.\d+$/, { error: 'not a version' });
const localized = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });
const port = z.number().int().min(1).max(65535);

/**
 * Where a raw file comes from. `recorded`: captured from real tools by our recorder;
 * `reference`: copied from ../shared/reference or an upstream project; `derived`: produced by a
 * generator from other files (the command regenerates it); `authored`: written by hand for the
 * course, modelled on what a real system shows (`basis` says on what).
 */
export const provenance = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('recorded'), recorder: z.string().min(1), at: timestamp.optional(), note: z.string().optional() }),
	z.strictObject({ kind: z.literal('reference'), source: z.string().min(1), license: z.string().min(1), note: z.string().optional() }),
	z.strictObject({ kind: z.literal('derived'), from: z.array(z.string().min(1)).min(1), command: z.string().min(1), note: z.string().optional() }),
	z.strictObject({ kind: z.literal('authored'), basis: z.string().min(1), note: z.string().optional() }),
]);
export type Provenance = z.infer<typeof provenance>;

/** A socket a process of an image or of the node listens on. */
const listener = z.strictObject({
	proto: z.enum(['tcp', 'udp']).default('tcp'),
	/** `0.0.0.0`, `::` (dual-stack unless v6only), `127.0.0.1` … */
	address: z.string().min(1),
	port,
	v6only: z.boolean().optional(),
	backlog: z.number().int().min(0).default(4096),
	label: z.string().optional(),
});

/** A unix socket a process listens on. */
const unixListener = z.strictObject({ path: z.string().min(1), label: z.string().optional() });

/**
 * One process of an image (the container's process tree) or of the node. The first process of an
 * image is the container's PID 1; its argv comes from the pod spec's command/args when set.
 */
const processSpec = z.strictObject({
	name: z.string().min(1),
	comm: z.string().min(1).max(15),
	argv: z.array(z.string()).min(1).optional(),
	/** The `name` of the parent process (default: the first process of the list). */
	parent: z.string().optional(),
	/** Copies of this process (gunicorn's workers), each a child of `parent`. */
	count: z.number().int().min(1).max(64).default(1),
	/** Listening sockets inherited from another process of the list (prefork servers). */
	inherits: z.string().optional(),
	uid: z.number().int().min(0).optional(),
	gid: z.number().int().min(0).optional(),
	threads: z.number().int().min(1).default(1),
	listen: z.array(listener).default([]),
	listenUnix: z.array(unixListener).default([]),
	/** Long-lived TCP connections the process keeps open (kubelet to the API server). */
	connect: z.array(z.strictObject({ address: ipv4, port, count: z.number().int().min(1).max(16).default(1), label: z.string().optional() })).default([]),
	/** Started this long after the container (or the node, for node processes). */
	startedAfter: duration.optional(),
});
export type ProcessSpec = z.infer<typeof processSpec>;

const fileMap = z.record(absPath, filePath);

export const imageSpec = z.strictObject({
	/** The image's USER, when the pod spec does not override it. */
	user: z.strictObject({ uid: z.number().int().min(0), gid: z.number().int().min(0) }).default({ uid: 0, gid: 0 }),
	workdir: absPath.default('/'),
	binaries: z.array(z.string().min(1)).default([]),
	files: fileMap.default({}),
	/** The process tree of a running container; empty for images only used by init containers. */
	processes: z.array(processSpec).default([]),
});
export type ImageSpec = z.infer<typeof imageSpec>;

const vxlanPeer = z.strictObject({ node: z.string().min(1), internalIP: ipv4, podCidr: cidr4, vtepMac: mac });

export const nodeSpec = z.strictObject({
	name: z.string().min(1),
	/** The node's address with its prefix, on eth0 (kind: the docker network). */
	internalIP: cidr4,
	gateway: ipv4,
	mac,
	podCidr: cidr4,
	kernel: z.string().min(1),
	osImage: z.string().min(1),
	containerRuntime: z.string().regex(/^[a-z]+:\/\/\S+$/, { error: 'not a runtime version' }),
	kubeletVersion: version,
	/** How long before `recordedAt` the node booted. */
	uptime: duration,
	bridge: z.strictObject({ device: z.string().min(1).max(15), mac }),
	vxlan: z.strictObject({ device: z.string().min(1).max(15), mac, peers: z.array(vxlanPeer).default([]) }).optional(),
	/** The node's `iptables-save` (kube-proxy, the CNI, kubelet's canaries). */
	iptablesSave: filePath,
	binaries: z.array(z.string().min(1)).default([]),
	files: fileMap.default({}),
	processes: z.array(processSpec).default([]),
});
export type NodeSpec = z.infer<typeof nodeSpec>;

export const podEntry = z.strictObject({
	/** `kubectl get pod -o yaml` of the pod. */
	manifest: filePath,
	/** The pod netns's `iptables-save` after its rules were programmed; checked at build time. */
	iptablesSave: filePath.optional(),
	/** istio-proxy's /etc/istio/proxy/envoy-rev.json. */
	bootstrap: filePath.optional(),
	/** Envoy's /config_dump (optional until the Envoy model lands). */
	configDump: filePath.optional(),
});
export type PodEntry = z.infer<typeof podEntry>;

const servicePort = z.strictObject({
	name: z.string().optional(),
	port,
	targetPort: port.optional(),
	protocol: z.enum(['TCP', 'UDP']).default('TCP'),
	appProtocol: z.string().optional(),
});

export const serviceSpec = z.strictObject({
	name: z.string().min(1),
	namespace: z.string().min(1),
	clusterIP: ipv4,
	ports: z.array(servicePort).min(1),
	selector: z.record(z.string(), z.string()).default({}),
	labels: z.record(z.string(), z.string()).default({}),
	/** Endpoints kept by hand (the `kubernetes` Service); otherwise derived from the selector. */
	endpoints: z.array(z.strictObject({ ip: ipv4, nodeName: z.string().min(1) })).optional(),
});
export type ServiceSpec = z.infer<typeof serviceSpec>;

export const remotePodSpec = z.strictObject({
	name: z.string().min(1),
	namespace: z.string().min(1),
	ip: ipv4,
	nodeName: z.string().min(1),
	labels: z.record(z.string(), z.string()).default({}),
	ports: z.array(z.strictObject({ port, protocol: z.enum(['TCP', 'UDP']).default('TCP') })).default([]),
});

export const scenarioSchema = z.strictObject({
	schema: z.literal(1),
	id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'not a scenario id' }),
	extends: z.string().min(1).optional(),
	title: localized,
	description: localized.optional(),
	/** The instant the scenario's files describe; the world's clock defaults to it. */
	recordedAt: timestamp,
	cluster: z.strictObject({
		name: z.string().min(1),
		domain: z.string().min(1).default('cluster.local'),
		kubernetesVersion: version,
		serviceCidr: cidr4,
		podCidr: cidr4,
		dns: z.strictObject({ service: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { error: 'not namespace/name' }), ttl: z.number().int().min(0).default(30), ndots: z.number().int().min(0).max(15).default(5) }),
	}),
	istio: z.strictObject({
		version,
		/** Envoy worker threads (ProxyConfig.concurrency): one listening socket per worker. */
		concurrency: z.number().int().min(1).max(64).default(2),
		/** The Service pilot-agent dials for XDS and certificates (`namespace/name`). */
		istiod: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { error: 'not namespace/name' }).default('istio-system/istiod'),
		/**
		 * MeshConfig.accessLogFile: where every sidecar writes Istio's default TEXT access log
		 * (`/dev/stdout` in the demo profile, what `kubectl logs POD -c istio-proxy` shows). Unset, as in
		 * the default profile: no access log.
		 */
		accessLogFile: z.string().regex(/^\//, { error: 'not an absolute path (the demo profile uses /dev/stdout)' }).optional(),
		/**
		 * MeshConfig.outboundTrafficPolicy: where a sidecar sends traffic to a host no Service
		 * describes. ALLOW_ANY (Istio's default) passes it to PassthroughCluster; REGISTRY_ONLY blocks
		 * it (virtualOutbound's catch-all to BlackHoleCluster, the `block_all` virtual host: 502).
		 */
		outboundTrafficPolicy: z.strictObject({ mode: z.enum(['ALLOW_ANY', 'REGISTRY_ONLY'], { error: 'expected ALLOW_ANY or REGISTRY_ONLY (MeshConfig.outboundTrafficPolicy.mode)' }) }).default({ mode: 'ALLOW_ANY' }),
	}),
	/** Provenance of every raw file of the folder, by path. */
	files: z.record(filePath, provenance),
	nodes: z.array(nodeSpec).min(1),
	images: z.record(z.string().min(1), imageSpec),
	pods: z.array(podEntry).min(1),
	remotePods: z.array(remotePodSpec).default([]),
	services: z.array(serviceSpec).default([]),
});

export type ScenarioDoc = z.infer<typeof scenarioSchema>;

/**
 * The top level of a variant's scenario.yaml. Its sections are merged onto the base scenario's raw
 * YAML first (./merge.ts) and the result is checked with scenarioSchema, so each section is only
 * required to have the right container type here.
 */
export const variantSchema = z.strictObject({
	schema: z.literal(1),
	id: scenarioSchema.shape.id,
	extends: z.string().min(1),
	title: localized,
	description: localized.optional(),
	recordedAt: timestamp.optional(),
	cluster: z.record(z.string(), z.unknown()).optional(),
	istio: z.record(z.string(), z.unknown()).optional(),
	files: z.record(z.string(), z.unknown()).optional(),
	/** Matched by name; the fields given replace the base node's fields. */
	nodes: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
	/** Matched by image name; replaces the base entry. */
	images: z.record(z.string(), z.unknown()).optional(),
	/** Matched by manifest path; `remove: true` drops the base pod. */
	pods: z.array(z.looseObject({ manifest: filePath })).optional(),
	/** Matched by namespace and name. */
	remotePods: z.array(z.looseObject({ name: z.string(), namespace: z.string() })).optional(),
	services: z.array(z.looseObject({ name: z.string(), namespace: z.string() })).optional(),
});
