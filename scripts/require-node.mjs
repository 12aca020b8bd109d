// Guard for every npm script: the site and tests need the Node 24 that package.json pins as a
// devDependency (`npm install` puts it in node_modules/.bin, which npm puts first on PATH).
// Written for any Node version, so it can explain itself on the system's Node 20.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
	console.error(
		`sidecar-lab: this needs the pinned Node 24 runtime (node_modules/.bin/node), but found Node ${process.version} at ${process.execPath}; run \`npm install\` first, then use \`npm run …\` or \`npx …\`.`,
	);
	process.exit(1);
}
