import { describe, expect, it, vi } from 'vitest';
import { labData } from '../../../src/components/lab/lab-data-build';
import { WORLD_LABS } from '../../../src/data/labs';
import { createWorldLab } from '../../../src/lab/world-lab';
import { scenarioFiles } from '../world/helpers';

/**
 * In the page, kubectl's `yaml` is src/components/lab/manifests.ts (astro.config.mjs): the
 * manifests come parsed with the lab's data. A world lab built that way (yaml swapped for the
 * page's module, as the client build does) answers kubectl exactly as the CLI's, which parses
 * the manifests with yaml.
 */
const LINES = [
	'kubectl get pods -o wide',
	'kubectl get pods -o json',
	'kubectl get pods -o yaml',
	"kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[*].image}{\"\\n\"}{end}'",
	'kubectl describe pods',
	'kubectl describe pod productpage',
	'kubectl get pod nosuch -o json',
];

describe("kubectl in the page reads the build's parsed manifests", () => {
	it.each(WORLD_LABS)('%s: the same answers as the CLI, through the page\'s module', async (id) => {
		const start = JSON.parse(labData(id).start.body) as unknown;
		vi.resetModules();
		const pageParse = vi.fn();
		vi.doMock('yaml', async () => {
			const page = await import('../../../src/components/lab/manifests');
			pageParse.mockImplementation(page.parse);
			return { parse: pageParse };
		});
		try {
			const { createLabSession } = await import('../../../src/components/lab/sessions');
			const made = await createLabSession(id, { at: 'node', lang: 'en', data: start });
			if (!made.ok) throw new Error(made.error);
			const page = made.session as unknown as { run(line: string): { stdout: string; stderr: string; exitCode: number }; commands: { loadAll(): Promise<void> } };
			// kubectl's group arrives as the page loads it: through the mocked module registry.
			await page.commands.loadAll();
			const cli = createWorldLab({ files: scenarioFiles(), scenario: id, at: 'node' });
			if (!cli.ok) throw new Error(cli.error);
			for (const line of LINES) {
				const a = page.run(line);
				const b = cli.lab.shell.run(line);
				expect({ line, stdout: a.stdout, stderr: a.stderr, exitCode: a.exitCode }).toEqual({ line, stdout: b.stdout, stderr: b.stderr, exitCode: b.exitCode });
			}
			// The page's module answered (and had every manifest kubectl asked for).
			expect(pageParse).toHaveBeenCalled();
			for (const r of pageParse.mock.results) expect(r.value).not.toBeNull();
		} finally {
			vi.doUnmock('yaml');
			vi.resetModules();
		}
	});

	it('a manifest survives the trip through JSON unchanged', async () => {
		const { parse } = await import('yaml');
		for (const id of WORLD_LABS) {
			const data = labData(id).data;
			for (const pod of data.pods) {
				const text = data.files[pod.manifestPath]?.text ?? '';
				expect(JSON.parse(JSON.stringify(data.manifests[pod.manifestPath]))).toStrictEqual(parse(text));
			}
		}
	});
});
