// The part of a `kubectl get pod -o yaml` document the world reads. Kubernetes objects carry many
// more fields (managedFields, tolerations, volumes …); they are kept in the text for kubectl and
// ignored here, so these objects are loose: only what is listed is checked.

import { z } from 'zod';
import { ipv4 } from './schema';

const stringMap = z.record(z.string(), z.string());
const kubeTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, { error: 'not a Kubernetes timestamp' });

const securityContext = z.looseObject({
	runAsUser: z.number().int().min(0).optional(),
	runAsGroup: z.number().int().min(0).optional(),
	privileged: z.boolean().optional(),
	readOnlyRootFilesystem: z.boolean().optional(),
	capabilities: z.looseObject({ add: z.array(z.string()).optional(), drop: z.array(z.string()).optional() }).optional(),
});

const envVar = z.looseObject({ name: z.string().min(1), value: z.string().optional() });

export const containerSpec = z.looseObject({
	name: z.string().min(1),
	image: z.string().min(1),
	command: z.array(z.string()).optional(),
	args: z.array(z.string()).optional(),
	env: z.array(envVar).optional(),
	ports: z.array(z.looseObject({ containerPort: z.number().int().min(1).max(65535), name: z.string().optional(), protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional() })).optional(),
	securityContext: securityContext.optional(),
	/** Native sidecars (init containers that keep running) are not modelled. */
	restartPolicy: z.never({ error: 'native sidecars (restartPolicy: Always) are not modelled' }).optional(),
});
export type ContainerSpec = z.infer<typeof containerSpec>;

const containerState = z.looseObject({
	running: z.looseObject({ startedAt: kubeTime }).optional(),
	terminated: z.looseObject({ exitCode: z.number().int(), reason: z.string(), startedAt: kubeTime, finishedAt: kubeTime }).optional(),
});

const containerStatus = z.looseObject({
	name: z.string().min(1),
	containerID: z.string().regex(/^containerd:\/\/[0-9a-f]{64}$/, { error: 'not a containerd container id' }),
	image: z.string().min(1),
	imageID: z.string().min(1),
	state: containerState,
});
export type ContainerStatus = z.infer<typeof containerStatus>;

export const podManifest = z.looseObject({
	apiVersion: z.literal('v1'),
	kind: z.literal('Pod'),
	metadata: z.looseObject({
		name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'not a pod name' }),
		namespace: z.string().min(1),
		uid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'not a UID' }),
		creationTimestamp: kubeTime,
		labels: stringMap.default({}),
		annotations: stringMap.default({}),
	}),
	spec: z.looseObject({
		nodeName: z.string().min(1),
		hostNetwork: z.boolean().default(false),
		serviceAccountName: z.string().min(1),
		initContainers: z.array(containerSpec).default([]),
		containers: z.array(containerSpec).min(1),
		securityContext: securityContext.default({}),
	}),
	status: z.looseObject({
		phase: z.literal('Running'),
		podIP: ipv4,
		hostIP: ipv4,
		startTime: kubeTime,
		initContainerStatuses: z.array(containerStatus).default([]),
		containerStatuses: z.array(containerStatus).min(1),
	}),
});
export type PodManifest = z.infer<typeof podManifest>;
