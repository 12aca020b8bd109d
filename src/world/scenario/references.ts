// The checks that need more than one field: every file a scenario names exists and has a
// provenance, every raw file of the folder is declared, pods sit on a known node with an address
// from its pod CIDR, images are described, Services have ClusterIPs from the service range.

import { inPrefix, parseCidr } from '../../netns/addr';
import { fieldPath, positionOf, type LoadResult, type PathKey, type ScenarioError } from './errors';
import { repoPath, type LoadedPod, type Scenario, type ScenarioFile } from './types';
import { loadManifest } from './yaml';
import { originOf, type Merged } from './merge';
import type { ScenarioDoc } from './schema';

/** Files a folder may hold without a provenance entry. */
const UNDECLARED_OK: ReadonlySet<string> = new Set(['scenario.yaml', 'README.md', 'NOTICE', 'NOTICE.md']);

type Obj = Record<string, unknown>;

function inCidr(ip: string, cidr: string): boolean {
	const c = parseCidr(cidr);
	return c !== undefined && inPrefix(ip, c.address, c.prefix);
}

/**
 * What is wrong with a pod's Envoy /config_dump, if anything: it must be JSON with a `configs`
 * array, and its bootstrap (when it has one) must belong to the pod.
 */
function configDumpProblem(text: string, nodeId: string): { message: string; fix: string } | undefined {
	let dump: unknown;
	try {
		dump = JSON.parse(text);
	} catch (e) {
		return { message: `not JSON (${(e as Error).message})`, fix: 'save what `curl localhost:15000/config_dump?include_eds` prints, or regenerate the file' };
	}
	const configs = dump !== null && typeof dump === 'object' ? (dump as Obj).configs : undefined;
	if (!Array.isArray(configs)) return { message: 'has no `configs` array, so it is not an Envoy /config_dump', fix: 'save what `curl localhost:15000/config_dump?include_eds` prints, or regenerate the file' };
	const boot = configs.find((c): c is Obj => c !== null && typeof c === 'object' && (c as Obj)['@type'] === 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump');
	const id = ((boot?.bootstrap as Obj | undefined)?.node as Obj | undefined)?.id;
	if (boot !== undefined && id !== nodeId) return { message: `is the dump of node ${JSON.stringify(id)}, not of this pod (${nodeId})`, fix: "point `configDump:` at this pod's dump" };
	return undefined;
}

export function checkReferences(
	files: Readonly<Record<string, string>>,
	id: string,
	chain: readonly string[],
	doc: ScenarioDoc,
	own: ReadonlyMap<string, Obj>,
	merged: Merged,
): LoadResult<Scenario> {
	const errors: ScenarioError[] = [];
	/** An error about a field of the merged scenario, reported in the file it came from. */
	const at = (path: readonly PathKey[], message: string, fix: string): void => {
		const o = originOf(merged, path);
		errors.push({ file: o.src.file, field: fieldPath(o.path), ...(positionOf(o.src, o.path) ?? {}), message, fix });
	};
	const locate = (path: string): { folder: string; text: string } | undefined => {
		for (const folder of chain) {
			const text = files[`${folder}/${path}`];
			if (text !== undefined) return { folder, text };
		}
		return undefined;
	};

	// Every raw file of every folder in the chain is declared by that folder's scenario.yaml.
	for (const folder of chain) {
		const declared = own.get(folder)?.files;
		const names = declared !== null && typeof declared === 'object' ? Object.keys(declared) : [];
		for (const key of Object.keys(files).sort()) {
			if (!key.startsWith(`${folder}/`)) continue;
			const path = key.slice(folder.length + 1);
			if (UNDECLARED_OK.has(path) || names.includes(path)) continue;
			errors.push({
				file: repoPath(folder, 'scenario.yaml'),
				field: 'files',
				message: `${repoPath(folder, path)} has no provenance`,
				fix: `add \`${path}: { kind: ... }\` under \`files:\` saying where it comes from, or delete the file`,
			});
		}
	}
	const resolved: Record<string, ScenarioFile> = {};
	for (const [path, provenance] of Object.entries(doc.files)) {
		const found = locate(path);
		if (found === undefined) {
			at(['files', path], `${repoPath(chain[0] ?? id, path)} does not exist`, 'add the file, or remove its entry from `files:`');
			continue;
		}
		resolved[path] = { path, folder: found.folder, text: found.text, provenance };
	}
	/** A reference from a field to a raw file. */
	const need = (fieldPath: readonly PathKey[], path: string | undefined): ScenarioFile | undefined => {
		if (path === undefined) return undefined;
		const f = resolved[path];
		if (f !== undefined) return f;
		if (locate(path) === undefined) at(fieldPath, `${repoPath(chain[0] ?? id, path)} does not exist`, 'correct the path (relative to the scenario folder) or add the file');
		else if (!Object.hasOwn(doc.files, path)) at(fieldPath, `${path} is used but has no provenance`, `add \`${path}: { kind: ... }\` under \`files:\``);
		return undefined;
	};

	const nodeNames = new Set<string>();
	doc.nodes.forEach((n, i) => {
		if (nodeNames.has(n.name)) at(['nodes', i, 'name'], `node "${n.name}" is listed twice`, 'give every node a unique name');
		nodeNames.add(n.name);
		if (!inCidr(n.podCidr.split('/')[0] ?? '', doc.cluster.podCidr)) at(['nodes', i, 'podCidr'], `${n.podCidr} is outside cluster.podCidr ${doc.cluster.podCidr}`, "use a slice of the cluster's pod CIDR");
		need(['nodes', i, 'iptablesSave'], n.iptablesSave);
		for (const [p, f] of Object.entries(n.files)) need(['nodes', i, 'files', p], f);
	});
	for (const [image, spec] of Object.entries(doc.images)) {
		for (const [p, f] of Object.entries(spec.files)) need(['images', image, 'files', p], f);
		const names = new Set(spec.processes.map((p) => p.name));
		spec.processes.forEach((p, j) => {
			for (const ref of [p.parent, p.inherits]) {
				if (ref !== undefined && !names.has(ref)) at(['images', image, 'processes', j], `refers to process "${ref}", which the image does not list`, `use one of: ${[...names].join(', ')}`);
			}
		});
	}

	const pods: LoadedPod[] = [];
	const podKeys = new Set<string>();
	doc.pods.forEach((entry, i) => {
		const manifestFile = need(['pods', i, 'manifest'], entry.manifest);
		for (const f of ['iptablesSave', 'bootstrap'] as const) need(['pods', i, f], entry[f]);
		const dumpFile = need(['pods', i, 'configDump'], entry.configDump);
		if (manifestFile === undefined) return;
		const file = repoPath(manifestFile.folder, manifestFile.path);
		const m = loadManifest(file, manifestFile.text);
		if (!m.ok) {
			errors.push(...m.errors);
			return;
		}
		const pod = m.value;
		const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
		const podErr = (field: string, message: string, fix: string): void => {
			errors.push({ file, field, message, fix });
		};
		if (podKeys.has(key)) podErr('metadata.name', `pod ${key} is listed twice`, 'list each pod once under `pods:`');
		podKeys.add(key);
		const node = doc.nodes.find((n) => n.name === pod.spec.nodeName);
		if (node === undefined) podErr('spec.nodeName', `node "${pod.spec.nodeName}" is not one of the scenario's nodes`, `schedule the pod on one of: ${[...nodeNames].join(', ')}`);
		else if (pod.spec.hostNetwork && pod.status.podIP !== node.internalIP.split('/')[0]) podErr('status.podIP', `a hostNetwork pod has its node's address, not ${pod.status.podIP}`, `write ${node.internalIP.split('/')[0]}`);
		else if (!pod.spec.hostNetwork && !inCidr(pod.status.podIP, node.podCidr)) podErr('status.podIP', `${pod.status.podIP} is outside the node's pod CIDR ${node.podCidr}`, `use an address of ${node.podCidr}`);
		const all = [...pod.spec.initContainers, ...pod.spec.containers];
		const statuses = [...pod.status.initContainerStatuses, ...pod.status.containerStatuses];
		all.forEach((c) => {
			const image = doc.images[c.image];
			if (image !== undefined && c.command === undefined && c.name !== 'istio-proxy' && image.processes.length > 0 && image.processes[0]?.argv === undefined) {
				at(['images', c.image, 'processes', 0], `container ${c.name} of ${key} sets no command, and the image's first process has no argv`, 'add `argv:` to the first process of the image (its ENTRYPOINT and CMD)');
			}
			if (!Object.hasOwn(doc.images, c.image)) podErr(`spec.containers[${c.name}].image`, `image ${c.image} is not described under \`images:\``, `add \`${c.image}:\` to images in scenario.yaml (user, binaries, files, processes)`);
			if (!statuses.some((s) => s.name === c.name)) podErr('status.containerStatuses', `container "${c.name}" has no status`, 'add its containerStatuses (or initContainerStatuses) entry');
		});
		if (dumpFile !== undefined) {
			const problem = configDumpProblem(dumpFile.text, `sidecar~${pod.status.podIP}~${pod.metadata.name}.${pod.metadata.namespace}~${pod.metadata.namespace}.svc.cluster.local`);
			if (problem !== undefined) at(['pods', i, 'configDump'], `${repoPath(dumpFile.folder, dumpFile.path)}: ${problem.message}`, problem.fix);
		}
		if (all.some((c) => c.name === 'istio-proxy') && entry.bootstrap === undefined) {
			at(['pods', i], `pod ${key} has an istio-proxy container but no bootstrap file`, 'add `bootstrap: istio/<pod>.envoy-rev.json`');
		}
		pods.push({ entry, manifest: pod, manifestFile });
	});

	const svcKeys = new Set<string>();
	const clusterIPs = new Map<string, string>();
	doc.services.forEach((s, i) => {
		const key = `${s.namespace}/${s.name}`;
		if (svcKeys.has(key)) at(['services', i, 'name'], `Service ${key} is listed twice`, 'list each Service once');
		svcKeys.add(key);
		if (!inCidr(s.clusterIP, doc.cluster.serviceCidr)) at(['services', i, 'clusterIP'], `${s.clusterIP} is outside cluster.serviceCidr ${doc.cluster.serviceCidr}`, 'pick an address of the service range');
		const other = clusterIPs.get(s.clusterIP);
		if (other !== undefined) at(['services', i, 'clusterIP'], `${s.clusterIP} is already the ClusterIP of ${other}`, 'give every Service its own ClusterIP');
		clusterIPs.set(s.clusterIP, key);
	});
	for (const [field, key] of [[['cluster', 'dns', 'service'], doc.cluster.dns.service], [['istio', 'istiod'], doc.istio.istiod]] as const) {
		if (!svcKeys.has(key)) at(field, `Service ${key} is not listed under \`services:\``, `add the ${key} Service`);
	}
	doc.remotePods.forEach((p, i) => {
		if (nodeNames.has(p.nodeName)) at(['remotePods', i, 'nodeName'], `${p.nodeName} is a modelled node: its pods need a manifest`, 'list the pod under `pods:` with its manifest, or put it on another node');
		if (!inCidr(p.ip, doc.cluster.podCidr)) at(['remotePods', i, 'ip'], `${p.ip} is outside cluster.podCidr ${doc.cluster.podCidr}`, 'use a pod address of the node it runs on');
	});

	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { id, chain, doc, files: resolved, pods } };
}
