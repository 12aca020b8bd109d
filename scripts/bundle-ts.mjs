// Runs TypeScript entry points of this repository under plain Node: the simulator uses
// extensionless imports and TypeScript-only syntax (enums), which Node's type stripping does not
// run, so the entry is bundled with esbuild into node_modules/.cache/sidecar-lab/ whenever a file
// under src/ (or the entry itself) is newer than the bundle. Used by bin/sidecar-lab.mjs and
// scripts/bench.mjs.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
	return newest;
}

/** Bundles `entry` (absolute path of a .ts file) if needed and returns the bundle's path. */
export async function bundle(entry) {
	const out = join(root, 'node_modules', '.cache', 'sidecar-lab', `${basename(entry, '.ts')}.mjs`);
	const newest = Math.max(newestMtime(join(root, 'src')), newestMtime(entry));
	if (existsSync(out) && statSync(out).mtimeMs >= newest) return out;
	const { build } = await import('esbuild');
	mkdirSync(dirname(out), { recursive: true });
	await build({
		entryPoints: [entry],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node22',
		logLevel: 'error',
		// Dependencies stay in node_modules; only our own TypeScript is bundled.
		packages: 'external',
	});
	return out;
}
