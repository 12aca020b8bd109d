// Serves the built site (dist/) the way a static host does: directory URLs get index.html, a
// directory without its trailing slash is redirected, unknown paths get 404.html with status 404,
// and text (HTML, JavaScript, CSS, JSON, SVG) goes gzipped to a browser that accepts it, as a
// real host sends it: a workshop served from a laptop over weak Wi-Fi sends a lab page's 1.1 MB
// of code and data as ~230 KB. Each file is compressed once, on its first request.
// Usage: node scripts/serve.mjs [--port N] [--host H] [--dir DIR]   (defaults 4321, 127.0.0.1)
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: process.env.PORT ?? '4321' },
		host: { type: 'string', default: '127.0.0.1' },
		dir: { type: 'string', default: 'dist' },
	},
});

const root = resolve(values.dir);
if (!existsSync(join(root, 'index.html'))) {
	console.error(`sidecar-lab: no built site in ${root}; run \`npm run build\` first.`);
	process.exit(1);
}

const types = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.webmanifest': 'application/manifest+json',
};
// Pagefind's index fragments have their own extensions and are binary.
const binary = 'application/octet-stream';

function fileFor(pathname) {
	let decoded;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		return { status: 400 };
	}
	const target = normalize(join(root, decoded));
	if (target !== root && !target.startsWith(root + sep)) return { status: 404 };
	if (!existsSync(target)) return { status: 404 };
	const stat = statSync(target);
	if (stat.isDirectory()) {
		if (!pathname.endsWith('/')) return { status: 301, location: `${pathname}/` };
		const index = join(target, 'index.html');
		return existsSync(index) ? { status: 200, file: index } : { status: 404 };
	}
	return { status: 200, file: target };
}

/** Pages revalidate; content-hashed files (Astro's /_astro/, the labs' /lab-data/) never change: from the cache, offline too. */
function cacheControl(file) {
	if (extname(file) === '.html') return 'no-cache';
	const rel = relative(root, file).split(sep).join('/');
	if (rel.startsWith('_astro/') || rel.startsWith('lab-data/')) return 'public, max-age=31536000, immutable';
	return 'public, max-age=3600';
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest']);
/** Gzipped bodies by file, with the mtime they were made from (a rebuild while serving is seen). */
const gzipped = new Map();

function gzipOf(file, mtimeMs) {
	const hit = gzipped.get(file);
	if (hit !== undefined && hit.mtimeMs === mtimeMs) return hit.body;
	const body = gzipSync(readFileSync(file));
	gzipped.set(file, { mtimeMs, body });
	return body;
}

/** `Accept-Encoding` names gzip (or `*`) without `q=0`. */
function acceptsGzip(req) {
	const header = String(req.headers['accept-encoding'] ?? '');
	return header.split(',').some((part) => {
		const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
		if (coding !== 'gzip' && coding !== '*') return false;
		const q = params.find((p) => p.startsWith('q='));
		return q === undefined || Number(q.slice(2)) > 0;
	});
}

function send(req, res, status, file, head) {
	const stat = statSync(file);
	const headers = {
		'Content-Type': types[extname(file)] ?? binary,
		'Cache-Control': cacheControl(file),
		'X-Content-Type-Options': 'nosniff',
	};
	if (COMPRESSIBLE.has(extname(file))) {
		headers.Vary = 'Accept-Encoding';
		if (acceptsGzip(req)) {
			const body = gzipOf(file, stat.mtimeMs);
			res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
			res.end(head ? undefined : body);
			return;
		}
	}
	res.writeHead(status, { ...headers, 'Content-Length': stat.size });
	if (head) res.end();
	else createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://localhost');
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		res.writeHead(405, { Allow: 'GET, HEAD' }).end();
		return;
	}
	const found = fileFor(url.pathname);
	if (found.status === 301) {
		res.writeHead(301, { Location: found.location + url.search }).end();
	} else if (found.status === 200 && found.file) {
		send(req, res, 200, found.file, req.method === 'HEAD');
	} else {
		send(req, res, found.status === 400 ? 400 : 404, join(root, '404.html'), req.method === 'HEAD');
	}
});

server.listen(Number(values.port), values.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : values.port;
	console.log(`Sidecar Lab is being served at http://${values.host}:${port}/  (Ctrl-C to stop)`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
