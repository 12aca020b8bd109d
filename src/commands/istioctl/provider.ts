// What istioctl needs from the world it runs against. The world lab implements this over its
// pods; tests implement it over recorded files. Everything is synchronous and pure: the clock
// is injected, nothing is fetched.

export type Fetched = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

export interface PodRef {
	readonly name: string;
	readonly namespace: string;
}

/** One row of `istioctl proxy-status`: what istiod last sent a proxy and whether it was acknowledged. */
export interface ProxyStatusRow {
	/** `name.namespace` */
	readonly proxy: string;
	/** `Kubernetes` for pods. */
	readonly cluster: string;
	/** Per xDS type: SYNCED, NOT SENT, STALE, IGNORED (or `SYNCED (100%)` style text as istiod reports). */
	readonly cds: string;
	readonly lds: string;
	readonly eds: string;
	readonly rds: string;
	readonly ecds: string;
	readonly istiod: string;
	readonly version: string;
}

export interface DescribePodInput {
	readonly pod: PodRef;
	/** The pod's manifest as the API server returns it (JSON object). */
	readonly manifest: unknown;
	/** Services in the pod's namespace (JSON objects). */
	readonly services: readonly unknown[];
	/** The pod's config dump, when it has a sidecar. */
	readonly configDump?: string;
	/** Whether a running pod labelled `istio=ingressgateway` exists anywhere in the cluster. */
	readonly ingressGatewayPods?: boolean;
}

export interface IstioctlProvider {
	/** istioctl's own version, the scenario's Istio version (e.g. `1.26.3`): some columns depend on it. */
	readonly istioVersion: string;
	/** The namespace of the kube context, used when POD has no `.namespace` and no -n is given. */
	readonly defaultNamespace: string;
	/** Milliseconds since the epoch (certificate validity, log timestamps). */
	now(): number;
	/** GET /config_dump?include_eds=true of the pod's Envoy; the error is the port-forward's, as istioctl wraps it. */
	configDump(pod: PodRef): Fetched;
	/** GET /clusters?format=json; undefined to derive it from the config dump. */
	adminClusters?(pod: PodRef): Fetched | undefined;
	/** A file for -f (`-` is standard input). */
	readFile(path: string): Fetched;
	/** Rows for `istioctl proxy-status`, from istiod's debug endpoint; undefined when no istiod runs. */
	proxyStatus?(): readonly ProxyStatusRow[] | undefined;
	/** What `istioctl x describe pod` reads; undefined when the pod does not exist. */
	describePod?(pod: PodRef): DescribePodInput | undefined;
	/** The control plane's version for `istioctl version` (undefined: no control plane reachable). */
	controlPlaneVersion?(): string | undefined;
	/** How many data-plane proxies run each version, for `istioctl version`. */
	dataPlaneVersions?(): readonly { readonly version: string; readonly count: number }[];
}

/** The port-forward failure istioctl reports for a pod the API server does not know. */
export function podNotFound(pod: PodRef): Fetched {
	return { ok: false, error: `failure running port forward process: port forward: error upgrading connection: pods "${pod.name}" not found` };
}
