// The derived files of the scenarios are what their generators produce from the recipes and the
// references. Without REFRESH_SCENARIOS=1 a stale file fails the test (and names the command that
// regenerates it); with it, the files are rewritten. One switch, as Istio's golden tests have.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { iptablesSave, programPod } from '../../../src/world/build/rules';
import { podNetns } from '../../../src/world/build/netns';
import { kubeYaml } from '../../../src/world/kube-yaml';
import { podResolvConf } from '../../../src/world/kubelet-files';
import { podManifest } from '../../../src/world/scenario/manifest';
import { deriveBootstrap } from '../../fixtures/world/derive/bootstrap';
import { nodeIptablesSave, type ServicePortRules } from '../../fixtures/world/derive/node-iptables';
import { podObject, type PodRecipe } from '../../fixtures/world/derive/pod-manifest';
import { RECIPES, ISTIO_VERSION } from '../../fixtures/world/recipes';
import { configDumps, testSecrets } from '../../../src/world/envoy-derive';
import { loadScenario, formatScenarioError } from '../../../src/world/scenario';
import { REPO, SCENARIOS, scenarioFiles } from './helpers';

const REFRESH = process.env.REFRESH_SCENARIOS === '1';
const GOLDEN = readFileSync(join(REPO, 'tests/fixtures/world/reference/istio-1.26.3-bootstrap-default_golden.json'), 'utf8');
const HOW = 'run REFRESH_SCENARIOS=1 npx vitest run tests/unit/world/derived.test.ts and review the diff';

/** Compares (or, with REFRESH_SCENARIOS=1, writes) one derived file. */
function check(path: string, text: string): void {
	const file = join(SCENARIOS, path);
	if (REFRESH) {
		mkdirSync(dirname(file), { recursive: true });
		if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
		return;
	}
	expect(existsSync(file), `${path} is missing: ${HOW}`).toBe(true);
	expect(readFileSync(file, 'utf8'), `${path} is stale: ${HOW}`).toBe(text);
}

interface ScenarioYaml {
	recordedAt: string;
	services?: { name: string; namespace: string; clusterIP: string; selector?: Record<string, string>; ports: { name?: string; port: number; targetPort?: number; protocol?: 'TCP' | 'UDP' }[]; endpoints?: { ip: string }[] }[];
	remotePods?: { ip: string; labels?: Record<string, string> }[];
}

const scenarioYaml = (id: string): ScenarioYaml => parse(readFileSync(join(SCENARIOS, id, 'scenario.yaml'), 'utf8')) as ScenarioYaml;

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
	selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe.each(RECIPES.map((r) => [r.id, r] as const))('%s', (id, recipe) => {
	const pods = Object.entries(recipe.pods);

	it.each(pods)('pods/%s', (file, pod) => {
		check(`${id}/pods/${file}`, kubeYaml(podObject(pod)));
	});

	const sidecars = pods.filter(([, p]) => p.sidecar !== undefined);
	it.each(sidecars)('istio/ bootstrap of %s', (file, pod) => {
		const manifest = podManifest.parse(podObject(pod));
		check(`${id}/istio/${file.replace(/\.yaml$/, '.envoy-rev.json')}`, deriveBootstrap(GOLDEN, manifest, ISTIO_VERSION, 2));
	});

	if (sidecars.length > 0) {
		it('netfilter/ iptables-save of the sidecar pods', () => {
			const [, first] = sidecars[0] as [string, PodRecipe];
			const saves = new Set<string>();
			const recordedAt = new Date(Date.parse(scenarioYaml(id).recordedAt ?? scenarioYaml('bookinfo').recordedAt));
			for (const [, pod] of sidecars) {
				const manifest = podManifest.parse(podObject(pod));
				const ns = podNetns(`pod/${manifest.metadata.namespace}/${manifest.metadata.name}`, manifest.status.podIP, 24, '02:00:00:00:00:01', '10.244.1.1', '10.244.0.0/16');
				const programmed = programPod({
					manifest,
					netns: ns,
					environment: { env: {}, interfaceAddrs: ['127.0.0.1/8', `${manifest.status.podIP}/24`, '::1/128'], resolvConf: podResolvConf('default', 'cluster.local', '10.96.0.10', 5), users: { 'istio-proxy': '1337' } },
					etc: {},
				});
				expect(programmed.error).toBeUndefined();
				saves.add(iptablesSave(programmed.netfilter, recordedAt));
			}
			// Every sidecar pod of a scenario has the same rules: one file serves them all.
			expect(saves.size).toBe(1);
			const mode = first.sidecar?.mode === 'TPROXY' ? 'tproxy' : first.sidecar?.cni ? 'cni' : 'redirect';
			check(`${id}/netfilter/sidecar-${mode}.iptables-save`, [...saves][0] ?? '');
		});
	}

	if (id === 'bookinfo') {
		it('node/kind-worker.iptables-save', () => {
			const doc = scenarioYaml(id);
			const podLabels = [
				...Object.values(recipe.pods)
					.filter((p) => p.hostNetwork !== true)
					.map((p) => ({ ip: p.podIP, labels: p.labels })),
				...(doc.remotePods ?? []).map((p) => ({ ip: p.ip, labels: p.labels ?? {} })),
			];
			const services: ServicePortRules[] = (doc.services ?? []).flatMap((s) =>
				s.ports.map((port) => {
					const target = port.targetPort ?? port.port;
					const ips = s.endpoints?.map((e) => e.ip) ?? podLabels.filter((p) => selects(s.selector, p.labels)).map((p) => p.ip);
					return { namespace: s.namespace, name: s.name, portName: port.name ?? '', protocol: port.protocol ?? 'TCP', clusterIP: s.clusterIP, port: port.port, endpoints: ips.map((ip) => `${ip}:${target}`) };
				}),
			);
			const text = nodeIptablesSave({
				clusterCidr: '10.244.0.0/16',
				nodePodCidr: '10.244.1.0/24',
				services,
				now: new Date(Date.parse(doc.recordedAt)),
				// kube-proxy's restore input never declares the built-in chains, so on nf_tables their
				// policy counters stay [0:0] (see src/netfilter/types.ts, Chain.nftCounters).
			});
			check(`${id}/node/kind-worker.iptables-save`, text);
		});
	}
});

// Envoy's /config_dump of every sidecar (src/world/envoy-derive). The generator reads the loaded
// scenario, so a dump that does not exist yet is given an empty stand-in to let the scenario load.
describe.each(['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy', 'bookinfo-registry-only'])('%s envoy/', (id) => {
	const files = { ...scenarioFiles() };
	for (const [key, text] of Object.entries(files)) {
		if (!key.endsWith('/scenario.yaml')) continue;
		const folder = key.slice(0, -'/scenario.yaml'.length);
		for (const m of text.matchAll(/configDump: (envoy\/[\w.-]+)/g)) files[`${folder}/${m[1]}`] ??= '{"configs":[]}';
	}
	const loaded = loadScenario(files, id);
	if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
	const secrets = testSecrets(readFileSync(join(SCENARIOS, 'bookinfo/envoy/istio-test-secrets.json'), 'utf8'));
	const dumps = [...configDumps(loaded.value, secrets)];

	it('has a dump for each of the six Bookinfo sidecars', () => {
		expect(dumps.map(([path]) => path).sort()).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3'].map((p) => `envoy/${p}.config_dump.json`));
	});
	it.each(dumps)('%s', (path, text) => {
		check(`${id}/${path}`, text);
	});
});
