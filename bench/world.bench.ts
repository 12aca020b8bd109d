// How long it takes to get a lab's world: loading (YAML parsing and validation) and building the
// bookinfo scenarios from their files, warm, median and p99 of 200 runs.
//
//   npm run bench -- world

import { join } from 'node:path';
import { readScenarioFiles } from '../src/cli/scenario-files';
import { buildWorld } from '../src/world/build';
import { loadScenario } from '../src/world/scenario';

const files = readScenarioFiles(join(process.cwd(), 'content/scenarios'));
const NOW = Date.UTC(2026, 10, 21, 8, 0, 0);

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function measure(label: string, fn: (i: number) => void): void {
	for (let i = 0; i < 20; i++) fn(i);
	const times: number[] = [];
	for (let i = 0; i < 200; i++) {
		const t = performance.now();
		fn(1000 + i);
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	console.log(`${label.padEnd(28)} p50 ${percentile(times, 50).toFixed(2)} ms   p99 ${percentile(times, 99).toFixed(2)} ms`);
}

for (const id of ['bookinfo', 'bookinfo-cni', 'bookinfo-tproxy']) {
	const loaded = loadScenario(files, id);
	if (!loaded.ok) throw new Error(`${id} does not load`);
	measure(`load ${id}`, () => {
		loadScenario(files, id);
	});
	measure(`build ${id}`, (seed) => {
		const built = buildWorld(loaded.value, { seed, now: NOW });
		if (!built.ok) throw new Error(`${id} does not build`);
	});
}
