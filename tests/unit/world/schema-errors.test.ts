// Authoring mistakes: each case tweaks one thing of the shipped scenarios and expects the exact
// errors, with file, line, field and fix, that the build prints.

import { describe, expect, it } from 'vitest';
import { formatScenarioError, loadScenario } from '../../../src/world';
import { buildWorld } from '../../../src/world/build';
import { scenarioFiles } from './helpers';

type Files = Record<string, string>;

/** The shipped files with one file's text changed (or added, or removed with `null`). */
function tweak(path: string, f: ((text: string) => string) | null): Files {
	const files: Files = { ...scenarioFiles() };
	if (f === null) delete files[path];
	else {
		const before = files[path] ?? '';
		const after = f(before);
		if (after === before) throw new Error(`the tweak of ${path} changed nothing`);
		files[path] = after;
	}
	return files;
}

const SCENARIO = 'bookinfo/scenario.yaml';
const replace = (from: string, to: string) => (text: string): string => text.replace(from, to);

const CASES: readonly { name: string; id?: string; files: Files; errors: string[] }[] = [
	{
		name: 'a YAML syntax error',
		files: tweak(SCENARIO, replace('cluster:\n  name: kind\n', 'cluster:\n  name: kind\n    domain: x\n')),
		errors: [
			'content/scenarios/bookinfo/scenario.yaml:18:9: YAML syntax error: Nested mappings are not allowed in compact mappings\n  fix: correct the YAML at this line (indentation, quotes, a missing colon)',
			'content/scenarios/bookinfo/scenario.yaml:18:9: YAML syntax error: Implicit keys need to be on a single line\n  fix: correct the YAML at this line (indentation, quotes, a missing colon)',
		],
	},
	{
		name: 'a key given twice',
		files: tweak(SCENARIO, replace('  domain: cluster.local\n', '  domain: cluster.local\n  domain: cluster.local\n')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:20:3: YAML syntax error: Map keys must be unique\n  fix: remove one of the two entries with this key'],
	},
	{
		name: 'a required field is missing',
		files: tweak(SCENARIO, replace('recordedAt: 2026-11-21T05:40:00Z\n', '')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:2:1: recordedAt: required field is missing\n  fix: quote an RFC 3339 UTC time, e.g. `recordedAt: 2026-11-21T05:40:00Z`'],
	},
	{
		name: 'a version YAML reads as a number',
		files: tweak(SCENARIO, replace('version: 1.26.3', 'version: 1.26')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:29:12: istio.version: expected a string, got the number 1.26\n  fix: quote the full Istio version, e.g. `version: 1.26.3` (a bare 1.26 is a number)'],
	},
	{
		name: 'a misspelt field',
		files: tweak(SCENARIO, replace('  - manifest: pods/sleep.yaml', '  - manfest: pods/sleep.yaml')),
		errors: [
			"content/scenarios/bookinfo/scenario.yaml:202:5: pods[8].manifest: required field is missing\n  fix: give the path of the pod's `kubectl get pod -o yaml` file, relative to the scenario folder, e.g. `pods/productpage-v1.yaml`",
			'content/scenarios/bookinfo/scenario.yaml:202:5: pods[8].manfest: unknown field "manfest"\n  fix: remove it or correct its spelling (docs/scenarios.md lists every field)',
		],
	},
	{
		name: 'an unknown provenance kind',
		files: tweak(SCENARIO, replace('  node/10-flannel.conflist:\n    kind: authored', '  node/10-flannel.conflist:\n    kind: copied')),
		errors: [
			'content/scenarios/bookinfo/scenario.yaml:313:11: files["node/10-flannel.conflist"].kind: not a valid value (got the string "copied")\n  fix: use one of recorded (from our recorder), reference (copied, with its licence), derived (with the command that regenerates it) or authored (with its basis)',
		],
	},
	{
		name: 'a comm longer than the kernel keeps',
		files: tweak(SCENARIO, replace('comm: systemd-journal,', 'comm: systemd-journald,')),
		errors: [
			'content/scenarios/bookinfo/scenario.yaml:58:33: nodes[0].processes[1].comm: at most 15 characters expected, got the string "systemd-journald"\n  fix: comm is at most 15 characters (the kernel truncates /proc/PID/comm); write the truncated name, e.g. `systemd-journal`',
		],
	},
	{
		name: 'the id is not the folder name',
		files: tweak(SCENARIO, replace('id: bookinfo\n', 'id: book-info\n')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:3:5: id: id "book-info" differs from the folder name "bookinfo"\n  fix: write `id: bookinfo`, or rename the folder'],
	},
	{
		name: 'a referenced file that does not exist',
		files: tweak(SCENARIO, replace('  - manifest: pods/sleep.yaml', '  - manifest: pods/sleeper.yaml')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:202:15: pods[8].manifest: content/scenarios/bookinfo/pods/sleeper.yaml does not exist\n  fix: correct the path (relative to the scenario folder) or add the file'],
	},
	{
		name: 'a raw file without provenance',
		files: { ...scenarioFiles(), 'bookinfo/notes.txt': 'scratch\n' },
		errors: ['content/scenarios/bookinfo/scenario.yaml: files: content/scenarios/bookinfo/notes.txt has no provenance\n  fix: add `notes.txt: { kind: ... }` under `files:` saying where it comes from, or delete the file'],
	},
	{
		name: 'a declared file that is gone',
		files: tweak('bookinfo/images/alpine-curl/passwd', null),
		errors: [
			'content/scenarios/bookinfo/scenario.yaml:333:5: files["images/alpine-curl/passwd"]: content/scenarios/bookinfo/images/alpine-curl/passwd does not exist\n  fix: add the file, or remove its entry from `files:`',
			'content/scenarios/bookinfo/scenario.yaml:150:20: images["curlimages/curl:8.14.1"].files["/etc/passwd"]: content/scenarios/bookinfo/images/alpine-curl/passwd does not exist\n  fix: correct the path (relative to the scenario folder) or add the file',
		],
	},
	{
		name: 'a ClusterIP outside the service range',
		files: tweak(SCENARIO, replace('clusterIP: 10.96.48.201', 'clusterIP: 10.200.48.201')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:239:51: services[7].clusterIP: 10.200.48.201 is outside cluster.serviceCidr 10.96.0.0/12\n  fix: pick an address of the service range'],
	},
	{
		name: "a pod address outside its node's pod CIDR",
		files: tweak('bookinfo/pods/sleep.yaml', replace('  podIP: 10.244.1.11\n', '  podIP: 10.244.2.11\n')),
		errors: ["content/scenarios/bookinfo/pods/sleep.yaml: status.podIP: 10.244.2.11 is outside the node's pod CIDR 10.244.1.0/24\n  fix: use an address of 10.244.1.0/24"],
	},
	{
		name: 'a manifest that lacks a field the world needs',
		files: tweak('bookinfo/pods/sleep.yaml', replace('  hostIP: 172.18.0.3\n', '')),
		errors: ['content/scenarios/bookinfo/pods/sleep.yaml:82:3: status.hostIP: required field is missing\n  fix: add it (a string)'],
	},
	{
		name: 'an image nobody described',
		files: tweak('bookinfo/pods/sleep.yaml', replace('  - command:\n    - /bin/sleep\n    - infinity\n    image: curlimages/curl:8.14.1', '  - command:\n    - /bin/sleep\n    - infinity\n    image: curlimages/curl:8.15.0')),
		errors: ['content/scenarios/bookinfo/pods/sleep.yaml: spec.containers[sleep].image: image curlimages/curl:8.15.0 is not described under `images:`\n  fix: add `curlimages/curl:8.15.0:` to images in scenario.yaml (user, binaries, files, processes)'],
	},
	{
		name: 'a variant that extends a missing scenario',
		id: 'bookinfo-cni',
		files: tweak('bookinfo-cni/scenario.yaml', replace('extends: bookinfo\n', 'extends: bookinfo-v2\n')),
		errors: ['content/scenarios/bookinfo-cni/scenario.yaml: extends: extends "bookinfo-v2", which has no scenario.yaml\n  fix: name an existing folder under content/scenarios/'],
	},
	{
		name: 'a variant whose section has the wrong type',
		id: 'bookinfo-tproxy',
		files: tweak('bookinfo-tproxy/scenario.yaml', replace('pods:\n', 'pods: none\nxpods:\n')),
		errors: [
			'content/scenarios/bookinfo-tproxy/scenario.yaml:19:7: pods: expected a list, got the string "none"\n  fix: write a list',
			'content/scenarios/bookinfo-tproxy/scenario.yaml:20:1: xpods: unknown field "xpods"\n  fix: remove it or correct its spelling (docs/scenarios.md lists every field)',
		],
	},
	{
		name: 'an outboundTrafficPolicy mode MeshConfig does not have',
		id: 'bookinfo-registry-only',
		files: tweak('bookinfo-registry-only/scenario.yaml', replace('istio:\n  outboundTrafficPolicy: { mode: REGISTRY_ONLY }', 'istio:\n  outboundTrafficPolicy: { mode: REGISTRY }')),
		errors: ['content/scenarios/bookinfo-registry-only/scenario.yaml:21:34: istio.outboundTrafficPolicy.mode: expected one of "ALLOW_ANY", "REGISTRY_ONLY", got the string "REGISTRY"\n  fix: use "ALLOW_ANY", "REGISTRY_ONLY"'],
	},
	{
		name: 'an error in a base value reported against the base file, from a variant',
		id: 'bookinfo-tproxy',
		files: tweak(SCENARIO, replace('version: 1.26.3', 'version: 1.26')),
		errors: ['content/scenarios/bookinfo/scenario.yaml:29:12: istio.version: expected a string, got the number 1.26\n  fix: quote the full Istio version, e.g. `version: 1.26.3` (a bare 1.26 is a number)'],
	},
];

describe('loadScenario reports authoring mistakes', () => {
	it.each(CASES)('$name', ({ id, files, errors }) => {
		const r = loadScenario(files, id ?? 'bookinfo');
		expect(r.ok ? [] : r.errors.map(formatScenarioError)).toEqual(errors);
	});
});

describe('buildWorld reports files that disagree with the rules', () => {
	it('a stale iptables-save', () => {
		const files = tweak('bookinfo/netfilter/sidecar-redirect.iptables-save', replace('-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN\n', ''));
		const loaded = loadScenario(files, 'bookinfo');
		if (!loaded.ok) throw new Error('the tweak must still load');
		const r = buildWorld(loaded.value, { seed: 1 });
		const messages = r.ok ? [] : r.errors.map(formatScenarioError);
		// One error per pod that uses the file, each naming the file and the command to fix it.
		expect(messages.length).toBe(6);
		expect(new Set(messages).size).toBeLessThanOrEqual(6);
		expect(messages[0]).toBe(
			"content/scenarios/bookinfo/netfilter/sidecar-redirect.iptables-save: differs from what details-v1-65cfcf56f9-vq8kj's rules print (iptables-save of its namespace)\n  fix: regenerate it: REFRESH_SCENARIOS=1 npx vitest run tests/unit/world/derived.test.ts, or correct the init container arguments of the pod",
		);
	});

	it('a sidecar pod without an expected iptables-save', () => {
		const files = tweak(SCENARIO, replace('  - manifest: pods/details-v1.yaml\n    iptablesSave: netfilter/sidecar-redirect.iptables-save\n', '  - manifest: pods/details-v1.yaml\n'));
		const loaded = loadScenario(files, 'bookinfo');
		if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
		const r = buildWorld(loaded.value, { seed: 1 });
		expect(r.ok ? [] : r.errors.map(formatScenarioError)).toEqual([
			'content/scenarios/bookinfo/scenario.yaml: pods[details-v1-65cfcf56f9-vq8kj].iptablesSave: details-v1-65cfcf56f9-vq8kj programs iptables rules but names no expected iptables-save\n  fix: add `iptablesSave: netfilter/<file>` (REFRESH_SCENARIOS=1 npx vitest run tests/unit/world/derived.test.ts writes it)',
		]);
	});
});
