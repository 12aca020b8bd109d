// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) in its own
// Node process, one after the other, and prints what each reports. Benchmarks measure speed;
// tests never time anything.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, root } from './bundle-ts.mjs';

const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
	.filter((name) => name.endsWith('.bench.ts'))
	.filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
	.sort();
let failed = 0;
for (const name of files) {
	console.log(`\n== ${name}`);
	const out = await bundle(join(root, 'bench', name));
	const run = spawnSync(process.execPath, [out], { stdio: 'inherit', cwd: root });
	if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
