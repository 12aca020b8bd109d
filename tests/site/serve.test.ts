// scripts/serve.mjs, the server of `npm start` / `npm run serve` (a workshop's laptop) and of the
// browser tests: a static host's answers, text gzipped for browsers that accept it.

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from '../helpers/site';

let server: ChildProcess;
let port = 0;

beforeAll(async () => {
	server = spawn(process.execPath, [join(import.meta.dirname, '../../scripts/serve.mjs'), '--port', '0', '--dir', distDir], { stdio: ['ignore', 'pipe', 'inherit'] });
	port = await new Promise<number>((resolve, reject) => {
		let out = '';
		server.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
			if (m) resolve(Number(m[1]));
		});
		server.on('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
	});
});

afterAll(() => {
	server.kill();
});

interface Answer {
	readonly status: number;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

const script = (): string => {
	const name = readdirSync(join(distDir, '_astro')).find((n) => /^mount\.[\w-]+\.js$/.test(n));
	if (name === undefined) throw new Error('no mount chunk in dist/_astro');
	return name;
};

describe('scripts/serve.mjs', () => {
	it('sends text gzipped to a browser that accepts gzip, the same bytes once inflated', async () => {
		const name = script();
		const file = readFileSync(join(distDir, '_astro', name));
		const a = await get(`/_astro/${name}`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
		expect(a.status).toBe(200);
		expect(a.headers['content-encoding']).toBe('gzip');
		expect(a.headers.vary).toBe('Accept-Encoding');
		expect(Number(a.headers['content-length'])).toBe(a.body.length);
		expect(a.body.length).toBeLessThan(file.length / 2);
		expect(gunzipSync(a.body).equals(file)).toBe(true);
		expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
	});

	it.each([
		['no Accept-Encoding', {}],
		['gzip refused with q=0', { 'Accept-Encoding': 'br, gzip;q=0' }],
		['another coding only', { 'Accept-Encoding': 'br' }],
	])('sends the file as it is with %s', async (_name, headers) => {
		const name = script();
		const a = await get(`/_astro/${name}`, headers);
		expect(a.headers['content-encoding']).toBeUndefined();
		expect(a.headers.vary).toBe('Accept-Encoding');
		expect(a.body.equals(readFileSync(join(distDir, '_astro', name)))).toBe(true);
	});

	it('pages revalidate; HEAD has the headers and no body', async () => {
		const a = await get('/en/guide/', { 'Accept-Encoding': 'gzip' }, 'HEAD');
		expect(a.status).toBe(200);
		expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(a.headers['cache-control']).toBe('no-cache');
		expect(a.headers['content-encoding']).toBe('gzip');
		expect(a.body.length).toBe(0);
	});

	it('redirects a directory without its slash, keeping the query; 404.html for the unknown and for paths out of the site', async () => {
		const moved = await get('/en/guide?run=ss+-ltnp');
		expect(moved.status).toBe(301);
		expect(moved.headers.location).toBe('/en/guide/?run=ss+-ltnp');
		for (const path of ['/no/such/page/', '/%2e%2e/%2e%2e/etc/passwd', '/../package.json']) {
			const missing = await get(path);
			expect(missing.status, path).toBe(404);
			expect(missing.body.toString('utf8'), path).toBe(readFileSync(join(distDir, '404.html'), 'utf8'));
		}
		expect((await get('/%E0%A4%A')).status).toBe(400); // a malformed escape
		expect((await get('/', {}, 'POST')).status).toBe(405);
	});
});
