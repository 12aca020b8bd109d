// A request made in the page's lab crosses sidecars whose Envoy dumps arrive lazily: the line waits
// for them, then answers exactly as the CLI's world does.

import { describe, expect, it } from 'vitest';
import { labData } from '../../../src/components/lab/lab-data-build';
import { decodeLabData } from '../../../src/components/lab/lab-data';
import type { Fetcher } from '../../../src/components/lab/lazy-files';
import { dumpsNeeded, WorldLabSession } from '../../../src/components/lab/world-session';
import { createWorldLab } from '../../../src/lab/world-lab';
import { scenarioFiles } from '../world/helpers';

const CURL = 'kubectl exec ratings-v1-7c9bd4b87f-7xmbz -c ratings -- curl -s -o /dev/null -w "%{http_code}\\n" http://details:9080/details/0';

function pageSession(): WorldLabSession {
	const data = labData('bookinfo');
	const texts = Object.fromEntries(data.lazy.map((f) => [f.url, f.body]));
	const fetcher: Fetcher = (url) => (texts[url] === undefined ? Promise.reject(new Error('HTTP 404')) : Promise.resolve(texts[url]));
	const decoded = decodeLabData(JSON.parse(data.start.body));
	if (!decoded.ok) throw new Error(decoded.error);
	const made = WorldLabSession.create({ scenario: decoded.scenario, programs: decoded.programs, lazy: decoded.lazy, fetcher, at: 'node', lang: 'en' });
	if (!made.ok) throw new Error(made.error);
	return made.session;
}

async function runLine(s: WorldLabSession, line: string): Promise<string> {
	const job = s.start(line);
	let out = '';
	for (let i = 0; i < 200 && !job.done; i++) {
		await new Promise((r) => setTimeout(r, 0));
		const step = job.advance(10);
		out += step.output.map((e) => e.text).join('');
		if (step.done) break;
	}
	return out;
}

describe('traffic in the page lab', () => {
	it('a curl waits for every sidecar dump', () => {
		const s = pageSession();
		const world = s.lab.handle.world;
		expect(dumpsNeeded(CURL, world, s.lab.shell.location)).toEqual(world.pods.filter((p) => p.sidecar !== undefined).map((p) => p.key));
	});

	it('answers a request through both sidecars as the CLI world does', async () => {
		const page = await runLine(pageSession(), CURL);
		const cli = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at: 'node', tty: true });
		if (!cli.ok) throw new Error(cli.error);
		expect(page).toContain('200\n');
		expect(page).toBe(cli.lab.shell.run(CURL).stdout);
	});

	it('a background capture sees the request, as in the CLI (the page lab has the capture feeds too)', async () => {
		const lines = ['nsenter -t 3059 -n tcpdump -i eth0 -n -c 2 port 9080 &', 'kubectl exec sleep-5577c64d7c-9xn2w -- curl -s -o /dev/null http://productpage:9080/'];
		const page = pageSession();
		let shown = '';
		for (const line of lines) shown += await runLine(page, line);
		const cli = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', at: 'node', tty: true });
		if (!cli.ok) throw new Error(cli.error);
		const expected = lines.map((l) => {
			const r = cli.lab.shell.run(l);
			return r.stdout + r.stderr;
		});
		expect(shown).toContain('IP 10.244.1.11.');
		expect(shown).toContain('2 packets captured');
		expect(shown.replace(/\r/g, '')).toBe(expected.join('').replace(/\r/g, ''));
	});
});

