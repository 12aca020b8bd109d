import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePod } from '../../../src/commands/kubectl/describe';
import { parseManifest } from '../../../src/commands/kubectl/object';
import { tabwrite } from '../../../src/commands/kubectl/tabwriter';
import { humanDuration } from '../../../src/commands/kubectl/time';
import { scenarioFiles } from '../world/helpers';
import { DETAILS, lab, PRODUCTPAGE, run, SLEEP } from '../lab/helpers';
import { golden, recorded, RECORDED } from './golden';

// kubectl 1.32.4. `describe` outputs recorded from the real kubectl against a small API server
// that served each scenario pod's manifest (and no events: the API server's event TTL is an hour,
// every pod is older); the error messages recorded from the same kubectl
// (tests/unit/commands/recorded/README.md).

describe('kubectl describe pod (recorded)', () => {
	const files = readdirSync(join(RECORDED, 'kubectl/describe')).sort();
	it.each(files)('%s', (file) => {
		const [scenario = '', workload = ''] = file.replace(/\.txt$/, '').split('.');
		const all = scenarioFiles();
		const manifest = all[`${scenario}/pods/${workload}.yaml`] ?? all[`bookinfo/pods/${workload}.yaml`] ?? '';
		expect(describePod(parseManifest(manifest))).toBe(recorded(`kubectl/describe/${file}`));
	});

	it('through the terminal, with kubectl’s prefix matching', () => {
		expect(run(lab(), 'kubectl describe pod productpage').stdout).toBe(recorded('kubectl/describe/bookinfo.productpage-v1.txt'));
	});

	it('several pods are separated by a blank line', () => {
		const out = run(lab(), 'kubectl describe pods -l app=reviews').stdout;
		expect(out.split('\n\n\nName:').length).toBe(3);
	});

	it('a missing pod', () => {
		expect(run(lab(), 'kubectl describe pod nosuch')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n', exitCode: 1 });
	});
});

describe('Go tabwriter and HumanDuration', () => {
	it('aligns each column block separately and never pads the last cell', () => {
		expect(tabwrite('a:\tx\nlonger:\ty\nno tabs\nz:\tw\n', { minwidth: 0, padding: 2 })).toBe('a:       x\nlonger:  y\nno tabs\nz:  w\n');
		expect(tabwrite('NAME\tAGE\nx\t5m\n', { minwidth: 6, padding: 3 })).toBe('NAME   AGE\nx      5m\n');
	});

	it.each([
		[1500, '1s'], [119000, '119s'], [120000, '2m'], [125000, '2m5s'], [600000, '10m'], [10799000, '179m'], [10800000, '3h'], [11100000, '3h5m'], [28800000, '8h'], [172800000, '2d'], [180000000, '2d2h'], [691200000, '8d'], [63072000000, '2y'], [63158400000, '2y1d'], [-1500, '0s'], [-3000, '<invalid>'],
	])('HumanDuration(%i ms) = %s', (ms, text) => {
		expect(humanDuration(ms)).toBe(text);
	});
});

describe('kubectl get', () => {
	it.each([
		['pods', 'kubectl get pods'],
		['pods-all-wide', 'kubectl get pods -A -o wide'],
		['svc', 'kubectl get svc'],
		['svc-wide', 'kubectl get services -o wide'],
		['svc-all', 'kubectl get svc -A'],
		['endpoints', 'kubectl get endpoints -A'],
		['svc-yaml', 'kubectl get svc details -o yaml'],
		['ep-yaml', 'kubectl get ep reviews -o yaml'],
	])('%s: whole output', (name, line) => {
		const out = run(lab(), line);
		expect(out.stderr).toBe('');
		expect(out.stdout).toBe(golden(`kubectl-get-${name}.txt`, out.stdout));
	});

	it('the first lines of the tables', () => {
		const l = lab();
		expect(run(l, 'kubectl get pods | head -2').stdout).toBe('NAME                              READY   STATUS    RESTARTS   AGE\ndetails-v1-65cfcf56f9-vq8kj       2/2     Running   0          87m\n');
		expect(run(l, 'kubectl get endpoints -n kube-system').stdout).toBe('NAME       ENDPOINTS                                               AGE\nkube-dns   10.244.0.2:53,10.244.0.3:53,10.244.0.2:53 + 3 more...   26h\n');
	});

	it('-o yaml of a pod is its recorded manifest', () => {
		expect(run(lab(), `kubectl get pod ${SLEEP} -o yaml`).stdout).toBe(scenarioFiles()['bookinfo/pods/sleep.yaml']);
	});

	it('-o name, -l, jsonpath', () => {
		const l = lab();
		expect(run(l, 'kubectl get pods -l app=reviews -o name').stdout).toBe('pod/reviews-v1-6584ddcf65-dq2tx\npod/reviews-v2-6f85cb9b7c-kz4n9\npod/reviews-v3-6f5b775685-wl57s\n');
		expect(run(l, "kubectl get pod -l app=productpage -o jsonpath='{.items[0].metadata.name}'").stdout).toBe(PRODUCTPAGE);
		expect(run(l, `kubectl get pod ${PRODUCTPAGE} -o jsonpath='{.status.podIP}'`).stdout).toBe('10.244.1.5');
		expect(run(l, `kubectl get pods -l app=reviews -o jsonpath='{range .items[*]}{.status.podIP}{"\\n"}{end}'`).stdout).toBe('10.244.1.8\n10.244.1.9\n10.244.1.10\n');
	});

	it.each([
		['kubectl get', 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n', 1],
		['kubectl get foo', 'error: the server doesn\'t have a resource type "foo"\n', 1],
		['kubectl get pod nosuch', 'Error from server (NotFound): pods "nosuch" not found\n', 1],
		['kubectl get pods --bogus', "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n", 1],
		['kubectl get pods -o bogus', 'error: unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n', 1],
		['kubectl get pods -n nosuch', 'No resources found in nosuch namespace.\n', 0],
		['kubectl describe po x -o yaml', "Error: unknown shorthand flag: 'o' in -o\nSee 'kubectl describe --help' for usage.\n", 1],
		['kubectl describe', 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n', 1],
		['kubectl foo', 'Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n', 1],
		['kubectl ge', 'Error: unknown command "ge" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n\n', 1],
		['kubectl zzzzzz', 'Error: unknown command "zzzzzz" for "kubectl"\n', 1],
	])('%s (recorded)', (line, stderr, exitCode) => {
		expect(run(lab(), line)).toEqual({ stdout: '', stderr, exitCode });
	});
});

describe('kubectl logs', () => {
	it('-c istio-init prints istio-iptables’ log, as the init container wrote it', () => {
		const l = lab();
		const pod = l.handle.world.pods.find((p) => p.name === PRODUCTPAGE);
		const out = run(l, `kubectl logs ${PRODUCTPAGE} -c istio-init`).stdout;
		expect(out).toBe(pod?.containers.find((c) => c.name === 'istio-init')?.logs);
		expect(out.split('\n').slice(0, 2)).toEqual(['2026-11-21T04:12:11.000000Z\tinfo\tIstio iptables environment:', 'ENVOY_PORT=']);
		expect(run(l, `kubectl logs ${PRODUCTPAGE} -c istio-init --tail 2`).stdout).toBe(out.split('\n').slice(-3).join('\n'));
	});

	it.each([
		['kubectl logs', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n", 1, ''],
		['kubectl logs nosuch', 'error: error from server (NotFound): pods "nosuch" not found in namespace "default"\n', 1, ''],
		[`kubectl logs ${PRODUCTPAGE} -c nosuch`, `error: container nosuch is not valid for pod ${PRODUCTPAGE}\n`, 1, ''],
		// The flannel pod has no default-container annotation: kubectl picks the first and says so.
		['kubectl logs kube-flannel-ds-x5m8r -n kube-flannel', 'Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin (init), install-cni (init)\n', 0, ''],
		// The injected annotation names the app container: no notice.
		[`kubectl logs ${DETAILS}`, '', 0, ''],
	])('%s (recorded)', (line, stderr, exitCode, stdout) => {
		expect(run(lab(), line)).toEqual({ stdout, stderr, exitCode });
	});
});

describe('kubectl exec', () => {
	it.each([
		['kubectl exec', 'error: pod, type/name or --filename must be specified\n'],
		[`kubectl exec ${PRODUCTPAGE}`, 'error: you must specify at least one command for the container\n'],
		['kubectl exec nosuch -- ls', 'Error from server (NotFound): pods "nosuch" not found\n'],
		[`kubectl exec ${PRODUCTPAGE} ls`, "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"],
		[`kubectl exec ${PRODUCTPAGE} -c envoy -- ls`, 'error: unable to upgrade connection: container not found ("envoy")\n'],
	])('%s (recorded)', (line, stderr) => {
		expect(run(lab(), line)).toEqual({ stdout: '', stderr, exitCode: 1 });
	});

	it('uses the default-container annotation silently; without it, the first container with a notice', () => {
		const l = lab();
		expect(run(l, `kubectl exec ${PRODUCTPAGE} -- whoami`)).toEqual({ stdout: '', stderr: 'whoami: cannot find name for user ID 1000\ncommand terminated with exit code 1\n', exitCode: 1 });
		expect(run(l, 'kubectl exec -n kube-flannel kube-flannel-ds-x5m8r -- id').stderr).toMatch(/^Defaulted container "kube-flannel" out of: kube-flannel, install-cni-plugin \(init\), install-cni \(init\)\nerror: Internal error occurred: /);
	});

	it('runs in the container’s network namespace with its files', () => {
		const l = lab();
		expect(run(l, `kubectl exec deploy/productpage-v1 -c istio-proxy -- cat /etc/hostname`).stdout).toBe(`${PRODUCTPAGE}\n`);
		expect(run(l, `kubectl exec ${SLEEP} -- hostname -i`).stdout).toBe('10.244.1.11\n');
	});
});
