// `npm run size:lab`: where the lab's JavaScript (issue 5: at most 200 KB gzip) goes.
//
// 1. The lab's entry (src/components/lab/mount.ts, the chunk `<sidecar-lab>` imports) bundled
//    with esbuild as the site bundles it: minified, for the browser, with the same
//    side-effect-free folders and page stand-ins (scripts/page-stand-ins.mjs) as astro.config.mjs.
//    esbuild tree-shakes less than the site's bundler (Rolldown), so its total is higher; the
//    ranking is what it is for.
//    esbuild's metafile says how many minified bytes each module leaves in the bundle; each
//    module's gzip share is its part of those bytes times the bundle's gzip size (shares add up to
//    the total; gzip does not compress every part equally, so a share is an estimate, the total is
//    exact). Printed: the total, the 40 biggest modules and the 40 biggest folders.
// 2. If dist/ holds a build: the real chunks a lab page loads lazily (what tests/site/lab-budget
//    asserts), each with its gzip size.
//
//   npm run size:lab                      both
//   npm run size:lab -- --top 80          more rows
//   npm run size:lab -- --why zod         the import chains that bring a module in (static ones first)
//   npm run size:lab -- --entry src/…     another entry
//   npm run size:lab -- --json FILE       the per-module table as JSON, for diffing two runs
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { root } from './bundle-ts.mjs';
import { chunkGraph, dynamicImports, STATIC_IMPORT } from './chunk-graph.mjs';
import { standInFor } from './page-stand-ins.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const top = Number(option('top', '40'));
const entry = option('entry', 'src/components/lab/mount.ts');
const why = option('why', undefined);
const jsonOut = option('json', undefined);
if (!Number.isInteger(top) || top <= 0) {
	console.error(`size-lab: --top takes a positive whole number, not ${option('top', '')}`);
	process.exit(2);
}
if (!existsSync(join(root, entry))) {
	console.error(`size-lab: no such entry: ${entry}`);
	process.exit(2);
}

/** Folders whose modules only declare things; astro.config.mjs marks the same ones. */
const SIDE_EFFECT_FREE = /[\\/]src[\\/]world[\\/]scenario[\\/]/;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)}`.padStart(7);
const gz = (buf) => gzipSync(buf).length;

const result = await build({
	entryPoints: [join(root, entry)],
	bundle: true,
	minify: true,
	format: 'esm',
	platform: 'browser',
	target: 'es2023',
	write: false,
	metafile: true,
	outfile: join(root, 'node_modules', '.cache', 'sidecar-lab', 'size-lab.js'),
	logLevel: 'error',
	legalComments: 'none',
	plugins: [
		{
			name: 'site-like',
			setup(b) {
				// `…?url` (an asset's URL) is Vite's; here it is a string.
				b.onResolve({ filter: /\?url$/ }, (a) => ({ path: a.path, namespace: 'asset-url' }));
				b.onLoad({ filter: /.*/, namespace: 'asset-url' }, () => ({ contents: 'export default "/asset"', loader: 'js' }));
				// Modules of the side-effect-free folders go when nothing uses what they export.
				b.onResolve({ filter: /.*/ }, async (a) => {
					if (a.pluginData === 'inner' || a.kind === 'entry-point') return undefined;
					const standIn = standInFor(a.path, a.importer);
					if (standIn !== undefined) return { path: standIn };
					const r = await b.resolve(a.path, { resolveDir: a.resolveDir, kind: a.kind, importer: a.importer, pluginData: 'inner' });
					if (r.errors.length > 0 || !SIDE_EFFECT_FREE.test(r.path)) return r.errors.length > 0 ? { errors: r.errors } : r;
					return { ...r, sideEffects: false };
				});
			},
		},
	],
});
const out = result.outputFiles.find((f) => f.path.endsWith('.js'));
const meta = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
const totalRaw = out.contents.length;
const totalGz = gz(out.contents);
const modules = Object.entries(meta.inputs)
	.map(([path, v]) => ({ path: path.replace(/^.*node_modules\//, 'node_modules/'), bytes: v.bytesInOutput }))
	.filter((m) => m.bytes > 0)
	.map((m) => ({ ...m, gzip: Math.round((m.bytes / totalRaw) * totalGz) }))
	.sort((a, b) => b.bytes - a.bytes);

/** node_modules/<pkg> (or @scope/pkg) as one folder per package; src/ by folder, commands one level deeper. */
function folderOf(path) {
	const parts = path.split('/');
	if (parts[0] === 'node_modules') return parts[1]?.startsWith('@') ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
	if (parts[0] === 'src' && (parts[1] === 'commands' || parts[1] === 'shell') && parts.length > 3) return parts.slice(0, parts[1] === 'shell' && parts[2] === 'commands' && parts.length > 4 ? 4 : 3).join('/');
	return parts.slice(0, Math.min(parts.length - 1, 2)).join('/');
}
const folders = new Map();
for (const m of modules) {
	const f = folderOf(m.path);
	const cur = folders.get(f) ?? { folder: f, bytes: 0, gzip: 0, modules: 0 };
	cur.bytes += m.bytes;
	cur.gzip += m.gzip;
	cur.modules += 1;
	folders.set(f, cur);
}

console.log(`The lab's entry ${entry}, bundled with esbuild (minified): ${kb(totalRaw)} KB, ${kb(totalGz)} KB gzip, ${modules.length} modules`);
console.log(`\nTop ${top} modules (KB in the bundle, gzip share)`);
for (const m of modules.slice(0, top)) console.log(`${kb(m.bytes)} ${kb(m.gzip)}  ${m.path}`);
console.log(`\nTop ${top} folders (KB in the bundle, gzip share, modules)`);
for (const f of [...folders.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top)) console.log(`${kb(f.bytes)} ${kb(f.gzip)}  ${String(f.modules).padStart(4)}  ${f.folder}`);

if (why !== undefined) {
	// Reverse edges: who imports whom; then the shortest chain from the entry to each match. Static
	// chains first: a module the entry reaches through static imports (even one whose exports it
	// never uses, through a barrel) lands in a chunk the entry loads before its prompt.
	const importersOf = (staticOnly) => {
		const importers = new Map();
		for (const [path, input] of Object.entries(result.metafile.inputs)) {
			for (const imp of input.imports) {
				if (imp.path === undefined || imp.external || (staticOnly && imp.kind === 'dynamic-import')) continue;
				const list = importers.get(imp.path) ?? [];
				list.push(path);
				importers.set(imp.path, list);
			}
		}
		return importers;
	};
	const targets = Object.keys(meta.inputs).filter((p) => p.includes(why));
	console.log(`\nWhy ${why} is in the bundle (${targets.length} modules match; the first chains):`);
	for (const [label, importers] of [['static imports only', importersOf(true)], ['through dynamic imports', importersOf(false)]]) {
		const shown = new Set();
		for (const target of targets) {
			const prev = new Map([[target, null]]);
			const queue = [target];
			let found;
			while (queue.length > 0 && found === undefined) {
				const cur = queue.shift();
				if (cur.endsWith(entry)) found = cur;
				for (const up of importers.get(cur) ?? []) if (!prev.has(up)) (prev.set(up, cur), queue.push(up));
			}
			if (found === undefined) continue;
			const chain = [];
			for (let at = found; at !== null; at = prev.get(at)) chain.push(at.replace(/^.*node_modules\//, ''));
			const key = chain.slice(0, -1).join(' > ');
			if (shown.has(key)) continue;
			if (shown.size === 0) console.log(` ${label}:`);
			shown.add(key);
			console.log(`  ${chain.join(' > ')}`);
			if (shown.size >= 8) break;
		}
		if (shown.size > 0) break;
	}
}

if (jsonOut !== undefined) writeFileSync(jsonOut, `${JSON.stringify({ entry, totalRaw, totalGz, modules }, null, '\t')}\n`);

// The built site: what a lab page loads lazily, as tests/site/lab-budget.test.ts follows it: the
// chunks the lab's code imports statically (all there before the prompt), then each chunk it
// imports on demand (a command group, the rules lab) with what that adds.
const dist = join(root, 'dist');
const astro = join(dist, '_astro');
if (existsSync(astro)) {
	const element = readdirSync(astro).find((n) => /^element\.[\w-]+\.js$/.test(n));
	if (element === undefined) console.log('\ndist/: no element chunk (build the site first)');
	else {
		const first = join(astro, element);
		const initial = chunkGraph(dist, [first], [STATIC_IMPORT]);
		const prompt = chunkGraph(dist, [...dynamicImports(dist, [first])], [STATIC_IMPORT]);
		for (const f of initial) prompt.delete(f);
		const sizeOf = (files) => [...files].reduce((sum, f) => sum + gz(readFileSync(f)), 0);
		console.log(`\nThe built site (dist/): what <sidecar-lab> loads before its prompt`);
		for (const f of [...prompt].sort()) {
			const bytes = readFileSync(f);
			console.log(`${kb(bytes.length)} ${kb(gz(bytes))}  ${relative(root, f)}`);
		}
		console.log(`${' '.repeat(8)}${kb(sizeOf(prompt))}  before the prompt (KB gzip; budget 200)`);
		console.log(`\n...and on demand (each with the chunks it adds)`);
		const everything = new Set(prompt);
		for (const f of [...dynamicImports(dist, prompt)].sort()) {
			const adds = chunkGraph(dist, [f], [STATIC_IMPORT]);
			for (const p of [...initial, ...prompt]) adds.delete(p);
			for (const a of adds) everything.add(a);
			console.log(`${kb(sizeOf(adds))}  ${relative(root, f)}${adds.size > 1 ? ` (+ ${[...adds].filter((a) => a !== f).map((a) => relative(astro, a)).join(', ')})` : ''}`);
		}
		console.log(`${' '.repeat(8)}${kb(sizeOf(everything))}  everything a lab can load (KB gzip)`);
	}
}
