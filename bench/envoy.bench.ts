// The Envoy model and istioctl proxy-config on the real 480 KB Istio 1.10 details-v1 dump:
// loading (JSON.parse, key normalization, zod validation, the typed model) and rendering the
// `pc listener` and `pc cluster` tables from a loaded dump, p50 and p99 after warm-up.
// Target: p99 under 5 ms for each rendering, as for every other lab command.
//
//   npm run bench -- envoy

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigDump, type ConfigDump } from '../src/envoy';
import { runIstioctl, type IstioctlProvider } from '../src/commands/istioctl';
import { clusterSummary } from '../src/commands/istioctl/writer/cluster';
import { listenerSummary } from '../src/commands/istioctl/writer/listener';

const TEXT = readFileSync(join(process.cwd(), 'tests/conformance/istioctl/testdata/envoy-config-dumps/istio-1.10.0_details-v1_config_dump.json'), 'utf8');
const TARGET_MS = 5;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function measure(label: string, runs: number, fn: () => void): void {
	for (let i = 0; i < 20; i++) fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	const p99 = percentile(times, 99);
	console.log(`${label.padEnd(56)} p50 ${percentile(times, 50).toFixed(2)} ms   p99 ${p99.toFixed(2)} ms`);
}

const loaded = loadConfigDump(TEXT);
if (!loaded.ok) throw new Error(loaded.error);
const dump: ConfigDump = loaded.value;
console.log(`dump: ${(TEXT.length / 1024).toFixed(0)} KiB, ${dump.listeners?.length} listeners, ${dump.clusters?.length} clusters`);

measure('load (parse + normalize + zod + model)', 100, () => {
	loadConfigDump(TEXT);
});
measure('JSON.parse alone (for comparison)', 100, () => {
	JSON.parse(TEXT);
});
const lf = { address: '', port: 0, type: '', verbose: true };
measure('render pc listener (verbose), loaded dump', 300, () => {
	listenerSummary(dump, lf);
});
measure('render pc listener --port 15006, loaded dump', 300, () => {
	listenerSummary(dump, { ...lf, port: 15006 });
});
measure('render pc cluster, loaded dump', 300, () => {
	clusterSummary(dump, { fqdn: '', port: 0, subset: '', direction: '' });
});

// What a learner waits for: the whole command on a pod (the loaded dump is reused while its text is the same).
const provider: IstioctlProvider = {
	istioVersion: '1.26.3',
	defaultNamespace: 'default',
	now: () => 0,
	configDump: () => ({ ok: true, text: TEXT }),
	readFile: () => ({ ok: false, error: 'no files' }),
};
measure('istioctl pc listener POD', 100, () => {
	runIstioctl(['pc', 'listener', 'details-v1'], provider);
});
measure('istioctl pc cluster POD', 100, () => {
	runIstioctl(['pc', 'cluster', 'details-v1'], provider);
});
console.log(`target: rendering p99 under ${TARGET_MS} ms`);
