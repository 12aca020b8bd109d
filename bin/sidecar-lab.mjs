#!/usr/bin/env node
// `npx sidecar-lab`: the simulator in a terminal (src/cli/main.ts). Written for any Node version
// so it can explain itself when the pinned runtime is missing.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
	console.error(
		`sidecar-lab: this needs the pinned Node 24 runtime (node_modules/.bin/node), but found Node ${process.version}; run \`npm install\`, then \`npx sidecar-lab\`.`,
	);
	process.exit(1);
}

const { bundle, root } = await import('../scripts/bundle-ts.mjs');
const { main } = await import(pathToFileURL(await bundle(join(root, 'src', 'cli', 'main.ts'))).href);
process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
