// Finding the pod and container a kubectl command names, with kubectl's own messages
// (kubectl 1.32.4 against a recorded API, and k8s.io/kubectl pkg/cmd/util/podcmd).

import type { Container, Pod, World } from '../../world/types';
import { podByName } from '../../world';

export type Found<T> = { ok: true; value: T } | { ok: false; stderr: string };

/** `POD`, `pod/POD`, or `deploy/NAME` (the first pod of the Deployment's ReplicaSet). */
export function findPod(world: World, ref: string, namespace: string): Found<Pod> {
	const slash = ref.indexOf('/');
	const type = slash >= 0 ? ref.slice(0, slash).toLowerCase() : 'pod';
	const name = slash >= 0 ? ref.slice(slash + 1) : ref;
	if (['pod', 'pods', 'po'].includes(type)) {
		const pod = podByName(world, name, namespace);
		return pod === undefined ? { ok: false, stderr: `Error from server (NotFound): pods "${name}" not found\n` } : { ok: true, value: pod };
	}
	if (['deploy', 'deployment', 'deployments'].includes(type)) {
		const pods = world.pods.filter((p) => p.namespace === namespace && p.labels['pod-template-hash'] !== undefined && p.name.startsWith(`${name}-${p.labels['pod-template-hash']}-`));
		const first = [...pods].sort((a, b) => (a.name < b.name ? -1 : 1))[0];
		return first === undefined ? { ok: false, stderr: `Error from server (NotFound): deployments.apps "${name}" not found\n` } : { ok: true, value: first };
	}
	return { ok: false, stderr: `error: the server doesn't have a resource type "${type}"\n` };
}

/** kubectl's list of a pod's containers: containers, then init containers marked `(init)`. */
export function allContainerNames(pod: Pod): string {
	return [...pod.containers.filter((c) => c.kind !== 'init').map((c) => c.name), ...pod.containers.filter((c) => c.kind === 'init').map((c) => `${c.name} (init)`)].join(', ');
}

/**
 * The container a command without -c uses (podcmd.FindOrDefaultContainerByName): the one the
 * `kubectl.kubernetes.io/default-container` annotation names, silently; else the first container,
 * with a notice when the pod has others.
 */
export function defaultContainer(pod: Pod): { container: Container | undefined; notice: string } {
	const running = pod.containers.filter((c) => c.kind !== 'init');
	const annotated = pod.annotations['kubectl.kubernetes.io/default-container'];
	const byAnnotation = annotated === undefined ? undefined : running.find((c) => c.name === annotated);
	if (byAnnotation !== undefined) return { container: byAnnotation, notice: '' };
	const first = running[0];
	const notice = first !== undefined && pod.containers.length > 1 ? `Defaulted container "${first.name}" out of: ${allContainerNames(pod)}\n` : '';
	return { container: first, notice };
}
