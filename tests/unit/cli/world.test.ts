import { describe, expect, it } from 'vitest';
import { cli } from './run-cli';
import { SCRIPT } from '../lab/script';

// `sidecar-lab --scenario … --at …`: the world lab in the terminal. The script below runs every
// command of the issue in one bookinfo world, through the CLI, and none of them may fail.

const PP = 'productpage-v1-54bb874995-hhx8q';

describe('sidecar-lab on a scenario', () => {
	it('runs every command of the script on bookinfo without an error', { timeout: 120_000 }, async () => {
		// What the real tools write to stderr when all is well: bash's `exit`, conntrack's summary.
		const expected = (line: string): string => (line === 'exit' ? 'exit\n' : line === 'conntrack -L' ? 'conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.\n' : '');
		// The CLI's status is the last line's: run every prefix of the script to see each line's.
		for (let i = 0; i < SCRIPT.length; i++) {
			const r = await cli(['--scenario', 'bookinfo', ...SCRIPT.slice(0, i + 1).flatMap((l) => ['-c', l])]);
			expect({ line: SCRIPT[i], code: r.code }).toEqual({ line: SCRIPT[i], code: 0 });
		}
		// And all of it in one world, in order: only the tools' informational stderr.
		const all = await cli(SCRIPT.flatMap((l) => ['-c', l]));
		expect([all.stderr, all.code]).toEqual([SCRIPT.map(expected).join(''), 0]);
		expect(all.stdout.length).toBeGreaterThan(50_000);
	});

	it('defaults to bookinfo on the node', async () => {
		expect(await cli(['-c', 'hostname', '-c', 'id -un'])).toEqual({ code: 0, stdout: 'kind-worker\nroot\n', stderr: '' });
	});

	it('--at POD enters its network namespace as after nsenter -n; --at POD/CONTAINER as kubectl exec', async () => {
		expect((await cli(['--at', 'productpage', '-c', 'hostname', '-c', 'iptables -t nat -S | grep -c ISTIO'])).stdout).toBe('kind-worker\n22\n');
		expect((await cli(['--at', `${PP}/istio-proxy`, '-c', 'id'])).stdout).toBe('uid=1337(istio-proxy) gid=1337(istio-proxy) groups=1337(istio-proxy)\n');
	});

	it('reads a folder, following extends:', async () => {
		expect((await cli(['--scenario', 'content/scenarios/bookinfo-tproxy', '--at', 'reviews-v1', '-c', 'iptables -t mangle -S | grep -c TPROXY'])).stdout).toBe('3\n');
	});

	it('reads a script from standard input', async () => {
		expect(await cli(['--at', 'productpage'], 'hostname\nnsenter -t 3074 -n -u\nhostname\nexit\nhostname\n')).toEqual({ code: 0, stdout: `kind-worker\n${PP}\nkind-worker\n`, stderr: 'exit\n' });
	});

	it.each([
		[['--scenario', 'nosuch'], 'sidecar-lab: --scenario nosuch: no scenario "nosuch" (shipped: bookinfo, bookinfo-cni, bookinfo-localhost, bookinfo-registry-only, bookinfo-tproxy)\n'],
		[['--scenario', '/no/such/dir'], 'sidecar-lab: --scenario /no/such/dir: /no/such/dir has no scenario.yaml\n'],
		[['--at', 'nosuch-pod-x'], 'sidecar-lab: --at nosuch-pod-x: no pod "nosuch-pod-x" in this scenario (pods: kube-flannel-ds-x5m8r, kube-proxy-gq7wz, details-v1-65cfcf56f9-vq8kj, ratings-v1-7c9bd4b87f-7xmbz, reviews-v1-6584ddcf65-dq2tx, productpage-v1-54bb874995-hhx8q, reviews-v2-6f85cb9b7c-kz4n9, reviews-v3-6f5b775685-wl57s, sleep-5577c64d7c-9xn2w)\n'],
		[['--rules', 'x', '--scenario', 'bookinfo'], "sidecar-lab: --rules and --scenario cannot be combined\nTry 'sidecar-lab --help' for more information.\n"],
	])('rejects %j', async (args, stderr) => {
		expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr });
	});
});
