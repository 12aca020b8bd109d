// The labs a lesson can put in its panel, by the id `<Lab scenario="…">` names. This file is
// data only (the page checks a lesson's props against it at build time without loading the
// simulator); src/components/lab/sessions.ts maps each id to the code that builds its session.

import type { UiKey } from '../i18n/ui';

export interface LabScenarioInfo {
	/** Where the shell can start (`at`), the first being the default; omitted: the lab decides. */
	readonly locations?: readonly string[];
	/** The lab's caption above the terminal. */
	readonly title: UiKey;
	/** A world lab: it runs content/scenarios/<id> and fetches its data (/lab-data/<id>/…) as it loads. */
	readonly world?: boolean;
}

/** The Bookinfo workloads with a sidecar, and the container of each that runs the app. */
const BOOKINFO_APPS = [
	['productpage-v1', 'productpage'],
	['details-v1', 'details'],
	['ratings-v1', 'ratings'],
	['reviews-v1', 'reviews'],
	['reviews-v2', 'reviews'],
	['reviews-v3', 'reviews'],
] as const;

/**
 * Where a Bookinfo lab can start: `node`; a pod by its workload's name, which names one pod
 * (world-lab.ts findPod takes a unique prefix: `productpage-v1` is productpage-v1-54bb874995-hhx8q);
 * `POD/CONTAINER` for every container that has a shell. tests/unit/terminal/lab-sessions.test.ts
 * starts a lab at each one.
 */
function bookinfoLocations(): string[] {
	return [
		'node',
		...BOOKINFO_APPS.flatMap(([pod, app]) => [pod, `${pod}/istio-proxy`, `${pod}/${app}`]),
		'sleep',
		'sleep/sleep',
		'kube-proxy',
		'kube-proxy/kube-proxy',
	];
}

export const LAB_SCENARIOS = {
	/**
	 * The kernel recorder's sidecar pod (src/lab/recorder-pod.ts) with the rules istio-init writes
	 * by default (src/data/lab-rules.ts): one network namespace, its shell as root.
	 */
	'recorder-pod': { locations: ['sidecar-pod'], title: 'lab.title.recorder-pod' },
	/**
	 * The Bookinfo world of content/scenarios/bookinfo (src/lab/world-lab.ts): the kind worker
	 * node as root, each pod's network namespace (as after `nsenter -t <envoy pid> -n`) and each
	 * container with a shell (as after `kubectl exec -it POD -c C -- bash`).
	 */
	bookinfo: { locations: bookinfoLocations(), title: 'lab.title.bookinfo', world: true },
	/** bookinfo with istio-cni: the same places, and the istio-cni-node agent. */
	'bookinfo-cni': { locations: [...bookinfoLocations(), 'istio-cni-node', 'istio-cni-node/install-cni'], title: 'lab.title.bookinfo-cni', world: true },
	/** bookinfo with the sidecars in TPROXY mode: the same places. */
	'bookinfo-tproxy': { locations: bookinfoLocations(), title: 'lab.title.bookinfo-tproxy', world: true },
	/** bookinfo in a mesh with outboundTrafficPolicy REGISTRY_ONLY: the same places. */
	'bookinfo-registry-only': { locations: bookinfoLocations(), title: 'lab.title.bookinfo-registry-only', world: true },
	/** bookinfo with productpage's app bound to 127.0.0.1 only: the same places. */
	'bookinfo-localhost': { locations: bookinfoLocations(), title: 'lab.title.bookinfo-localhost', world: true },
} as const satisfies Readonly<Record<string, LabScenarioInfo>>;

export type LabScenarioId = keyof typeof LAB_SCENARIOS;

/** The labs that run a scenario's world, and so have lab data to fetch. */
export const WORLD_LABS: readonly LabScenarioId[] = (Object.keys(LAB_SCENARIOS) as LabScenarioId[]).filter((id) => (LAB_SCENARIOS[id] as LabScenarioInfo).world === true);

export function isLabScenario(id: string): id is LabScenarioId {
	return Object.hasOwn(LAB_SCENARIOS, id);
}

/** Checks `<Lab scenario at>`; the error names the value received and how to fix it. */
export function checkLabProps(scenario: string, at: string | undefined): { ok: true; scenario: LabScenarioId; at: string | undefined } | { ok: false; error: string } {
	if (!isLabScenario(scenario)) {
		return { ok: false, error: `scenario="${scenario}" is not a lab; use one of: ${Object.keys(LAB_SCENARIOS).join(', ')} (src/data/labs.ts)` };
	}
	const locations: readonly string[] | undefined = LAB_SCENARIOS[scenario].locations;
	if (locations === undefined) return { ok: true, scenario, at };
	if (at === undefined) return { ok: true, scenario, at: locations[0] };
	if (!locations.includes(at)) {
		return { ok: false, error: `at="${at}" is not a place in the ${scenario} lab; use one of: ${locations.join(', ')}, or leave at out` };
	}
	return { ok: true, scenario, at };
}
