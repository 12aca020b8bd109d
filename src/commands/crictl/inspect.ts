// What `crictl inspect` and `crictl inspectp` print: containerd's CRI status and its verbose info
// (crictl v1.32 cmd/crictl/util.go outputStatusData: both pass through Go maps, so every key is
// sorted, then json.Indent with two spaces). The status follows the CRI ContainerStatus message;
// the info is a reduction of containerd 2.0's: sandbox, pid, runtime and the parts of the runtime
// spec that place the process (its namespaces, user, args, cwd). `… | grep pid` finds the info's
// "pid" and the spec's pid namespace, as on a real node.

import type { Container, Pod, World } from '../../world/types';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Go's time.RFC3339Nano: the fraction without its trailing zeros. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_, f: string) => (f === '' ? 'Z' : `.${f}Z`));
const ZERO = '0001-01-01T00:00:00Z';

/** Go's json.Marshal escapes <, > and & in strings. */
export function goJson(v: Json, indent = '  '): string {
	const sort = (x: Json): Json => (Array.isArray(x) ? x.map(sort) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, Json>)[k] as Json)])) : x);
	return JSON.stringify(sort(v), null, indent).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export const bareId = (id: string): string => id.replace(/^[a-z]+:\/\//, '');

function labels(pod: Pod, c: Container): Record<string, string> {
	return { 'io.kubernetes.container.name': c.name, 'io.kubernetes.pod.name': pod.name, 'io.kubernetes.pod.namespace': pod.namespace, 'io.kubernetes.pod.uid': pod.uid };
}

export function containerInspect(world: World, pod: Pod, c: Container, imageRef: string): Json {
	const id = bareId(c.id);
	const st = c.state;
	const created = st.startedAt - 120;
	const running = st.kind === 'running';
	const status: Json = {
		id,
		metadata: { attempt: 0, name: c.name },
		state: running ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED',
		createdAt: iso(created),
		startedAt: iso(st.startedAt),
		finishedAt: st.kind === 'terminated' ? iso(st.finishedAt) : ZERO,
		exitCode: st.kind === 'terminated' ? st.exitCode : 0,
		image: { annotations: {}, image: c.image, runtimeHandler: '', userSpecifiedImage: '' },
		imageRef: c.imageId,
		imageId: imageRef,
		reason: st.kind === 'terminated' ? st.reason : '',
		message: '',
		labels: labels(pod, c),
		annotations: { 'io.kubernetes.container.restartCount': '0', 'io.kubernetes.container.terminationMessagePath': '/dev/termination-log', 'io.kubernetes.container.terminationMessagePolicy': 'File', 'io.kubernetes.pod.terminationGracePeriod': '30' },
		mounts: [],
		logPath: `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}/${c.name}/0.log`,
		resources: null,
		user: { linux: { gid: c.user.gid, supplementalGroups: [c.user.gid], uid: c.user.uid } },
		stopSignal: 'SIGTERM',
	};
	const proc = c.mainPid === undefined ? undefined : world.processes.find((p) => p.pid === c.mainPid);
	const ns = (type: string, path?: string): Json => (path === undefined ? { type } : { type, path });
	const sandboxNs = (kind: string): string => `/proc/${pod.sandbox.pid}/ns/${kind}`;
	const info: Json = {
		sandboxID: pod.sandbox.id,
		pid: running ? (c.mainPid ?? 0) : 0,
		removing: false,
		snapshotKey: id,
		snapshotter: 'overlayfs',
		runtimeType: 'io.containerd.runc.v2',
		runtimeOptions: { systemd_cgroup: true },
		config: { metadata: { name: c.name }, image: { image: imageRef }, labels: labels(pod, c), log_path: `${c.name}/0.log` },
		runtimeSpec: {
			ociVersion: '1.2.0',
			process: { user: { uid: c.user.uid, gid: c.user.gid, additionalGids: [c.user.gid] }, args: proc?.argv ?? [], cwd: c.workdir, capabilities: { bounding: c.capabilities.map((x) => `CAP_${x}`), effective: c.user.uid === 0 ? c.capabilities.map((x) => `CAP_${x}`) : [], permitted: c.capabilities.map((x) => `CAP_${x}`) }, noNewPrivileges: !c.privileged },
			root: { path: 'rootfs', readonly: c.readOnlyRootFilesystem },
			hostname: pod.hostNetwork ? '' : pod.name,
			linux: {
				namespaces: [ns('pid'), ns('ipc', sandboxNs('ipc')), ns('uts', sandboxNs('uts')), ns('mount'), ...(pod.hostNetwork ? [] : [ns('network', sandboxNs('net'))])],
				cgroupsPath: `kubelet-kubepods-burstable-pod${pod.uid.replace(/-/g, '_')}.slice:cri-containerd:${id}`,
			},
		},
	};
	return { info, status };
}

export function sandboxInspect(pod: Pod, created: number): Json {
	const status: Json = {
		id: pod.sandbox.id,
		metadata: { attempt: 0, name: pod.name, namespace: pod.namespace, uid: pod.uid },
		state: 'SANDBOX_READY',
		createdAt: iso(created),
		network: { additionalIps: [], ip: pod.ip },
		linux: { namespaces: { options: { ipc: 'POD', network: pod.hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER', targetId: '', userNsOptions: null } } },
		labels: { ...pod.labels, 'io.kubernetes.pod.name': pod.name, 'io.kubernetes.pod.namespace': pod.namespace, 'io.kubernetes.pod.uid': pod.uid },
		annotations: { ...pod.annotations },
		runtimeHandler: '',
	};
	const info: Json = {
		pid: pod.sandbox.pid,
		processStatus: 'running',
		netNamespaceClosed: false,
		image: 'registry.k8s.io/pause:3.10',
		snapshotKey: pod.sandbox.id,
		snapshotter: 'overlayfs',
		runtimeHandler: '',
		runtimeType: 'io.containerd.runc.v2',
		...(pod.netnsName !== undefined ? { cniResult: { Interfaces: { eth0: { IPConfigs: [{ IP: pod.ip, Gateway: pod.ip.replace(/\.\d+$/, '.1') }] } } } } : {}),
	};
	return { info, status };
}
