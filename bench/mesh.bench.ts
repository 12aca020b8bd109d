// The request walk: one `curl` from the ratings container through both sidecars to details (DNS,
// every namespace's rules, Envoy's listener, route, cluster and endpoint, the upstream
// connections, the app, both access-log decisions), first on a fresh world (new upstream
// connections) and then with Envoy's pooled connections reused; and the product page, whose
// fan-out walks three more requests. p50 and p99 after warm-up. Target: p99 under 5 ms per
// request, as for every other lab command.
//
//   npm run bench -- mesh

import { createWorldLab } from '../src/lab/world-lab';
import { scenarioFiles } from '../tests/unit/world/helpers';

const TARGET_MS = 5;
const RATINGS = 'ratings-v1-7c9bd4b87f-7xmbz/ratings';

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function fresh() {
	const made = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at: RATINGS, tty: false });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}

function measure(label: string, runs: number, setup: () => ReturnType<typeof fresh>, line: string): void {
	const times: number[] = [];
	for (let i = 0; i < runs + 10; i++) {
		const l = setup();
		const t = performance.now();
		l.shell.run(line);
		if (i >= 10) times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	console.log(`${label.padEnd(56)} p50 ${percentile(times, 50).toFixed(2)} ms   p99 ${percentile(times, 99).toFixed(2)} ms`);
}

const REQUEST = 'curl -s -o /dev/null http://details:9080/details/0';
measure('walk ratings -> details, new upstream connections', 100, fresh, REQUEST);
const warm = fresh();
warm.shell.run(REQUEST);
measure('walk ratings -> details, pooled connections reused', 100, () => warm, REQUEST);
measure('walk the product page (fan-out: 4 requests)', 60, fresh, 'curl -s -o /dev/null http://productpage:9080/productpage');
console.log(`target: p99 under ${TARGET_MS} ms per request`);
