// istioctl on the learner's workstation, answering from the world.

import { istioctl, podNotFound, type IstioctlProvider } from '../../commands/istioctl';
import { IGNORED, lastPushOf, syncedStatus } from '../../commands/istioctl/proxy-status';
import { serviceObject } from '../../commands/kubectl/cluster';
import { parseManifest } from '../../commands/kubectl/object';
import type { CommandSpec } from '../../shell/types';
import type { WorldHandle } from '../world-handle';
import type { WorldCommand } from '../world-registry';

/**
 * istioctl on the learner's workstation, answering from the world: each pod's Envoy /config_dump
 * (with EDS, as `proxy-config` fetches it through the port-forward), the scenario's Istio version.
 */
export function istioctlForWorld(handle: WorldHandle): CommandSpec {
	const provider: IstioctlProvider = {
		get istioVersion() {
			return handle.world.cluster.istioVersion;
		},
		defaultNamespace: 'default',
		now: () => handle.now(),
		configDump(ref) {
			const pod = handle.world.pods.find((p) => p.name === ref.name && p.namespace === ref.namespace);
			if (pod === undefined) return podNotFound(ref);
			const dump = pod.sidecar?.configDump;
			return dump === undefined ? { ok: false, error: `failure running port forward process: unable to listen on any of the requested ports: [{15000 15000}]` } : { ok: true, text: dump };
		},
		readFile: (path) => ({ ok: false, error: `open ${path}: no such file or directory` }),
		controlPlaneVersion: () => handle.world.cluster.istioVersion,
		dataPlaneVersions() {
			const byVersion = new Map<string, number>();
			for (const p of handle.world.pods) if (p.sidecar !== undefined) byVersion.set(p.sidecar.istioVersion, (byVersion.get(p.sidecar.istioVersion) ?? 0) + 1);
			return [...byVersion].map(([version, count]) => ({ version, count }));
		},
		proxyStatus() {
			const world = handle.world;
			const istiod = world.remotePods.find((p) => p.namespace === 'istio-system' && p.labels.app === 'istiod');
			if (istiod === undefined) return undefined;
			const now = handle.now();
			return world.pods.flatMap((p) => {
				if (p.sidecar === undefined) return [];
				const pushed = p.sidecar.configDump === undefined ? undefined : lastPushOf(p.sidecar.configDump);
				const xds = pushed === undefined ? 'NOT SENT' : syncedStatus(pushed, now);
				return [{ proxy: `${p.name}.${p.namespace}`, cluster: 'Kubernetes', cds: xds, lds: xds, eds: xds, rds: xds, ecds: IGNORED, istiod: istiod.name, version: p.sidecar.istioVersion }];
			});
		},
		describePod(ref) {
			const world = handle.world;
			const pod = world.pods.find((p) => p.name === ref.name && p.namespace === ref.namespace);
			if (pod === undefined) return undefined;
			const services = world.services.filter((s) => s.namespace === ref.namespace).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			const gateway = [...world.pods, ...world.remotePods].some((p) => p.labels.istio === 'ingressgateway');
			return { pod: ref, manifest: parseManifest(pod.manifest), services: services.map((s) => serviceObject(world, s)), ...(pod.sidecar?.configDump !== undefined ? { configDump: pod.sidecar.configDump } : {}), ingressGatewayPods: gateway };
		},
	};
	return istioctl(provider);
}

export const COMMANDS: readonly WorldCommand[] = [{ factory: istioctlForWorld, where: 'node' }];
