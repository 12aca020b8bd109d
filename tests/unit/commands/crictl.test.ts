import { describe, expect, it } from 'vitest';
import { unitsDuration } from '../../../src/commands/crictl';
import { goTemplate } from '../../../src/commands/crictl/template';
import { lab, PRODUCTPAGE, run } from '../lab/helpers';
import { golden } from './golden';

// crictl v1.32.0 against containerd 2.0 (the kind node's). The table layout (tabwriter minwidth
// 20, padding 3), the 13-character ids, go-units' durations and the sort by creation time come
// from cri-tools v1.32.0 cmd/crictl/{container,sandbox,display,util}.go; crictl is not installed
// on the recording machine, so these outputs are the simulator's, checked against that source.

describe('crictl', () => {
	it('ps: whole output', () => {
		const out = run(lab({ tty: false }), 'crictl ps').stdout;
		expect(out).toBe(golden('crictl-ps.txt', out));
		expect(out.split('\n')[0]).toBe('CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                               NAMESPACE');
	});

	it('ps -a adds the exited init containers; pods lists the sandboxes', () => {
		const l = lab({ tty: false });
		expect(run(l, 'crictl ps -a | grep -c Exited').stdout).toBe('8\n');
		const pods = run(l, 'crictl pods').stdout;
		expect(pods).toBe(golden('crictl-pods.txt', pods));
	});

	it('finds the proxy’s PID the way the seeds do', () => {
		const l = lab();
		const id = run(l, `crictl ps --name istio-proxy -q --pod ${l.handle.world.pods.find((p) => p.name === PRODUCTPAGE)?.sandbox.id.slice(0, 13) ?? ''}`).stdout.trim();
		const agent = l.handle.world.processes.find((p) => p.comm === 'pilot-agent' && p.container?.pod === `default/${PRODUCTPAGE}`)?.pid;
		expect(run(l, `crictl inspect --output go-template --template '{{.info.pid}}' ${id.slice(0, 13)}`).stdout).toBe(`${agent}\n`);
		expect(run(l, `crictl inspect ${id} | grep pid`).stdout).toBe(`    "pid": ${agent},\n            "type": "pid"\n`);
	});

	it('inspect prints the status and info with sorted keys, two-space JSON', () => {
		const l = lab({ tty: false });
		const out = run(l, 'crictl inspect 48ef29135d859').stdout;
		expect(out).toBe(golden('crictl-inspect.txt', out));
		expect(out.split('\n').slice(0, 3)).toEqual(['{', '  "info": {', '    "config": {']);
	});

	it('an unknown id is logrus’ fatal line', () => {
		expect(run(lab(), 'crictl inspect nosuch')).toEqual({ stdout: '', stderr: 'FATA[0000] get container status: rpc error: code = NotFound desc = an error occurred when try to find container "nosuch": not found\n', exitCode: 1 });
	});

	it.each([
		[0, 'Less than a second'], [1000, '1 second'], [59000, '59 seconds'], [60000, 'About a minute'], [3540000, '59 minutes'], [5280000, 'About an hour'], [93600000, '26 hours'], [172800000, '2 days'], [1209600000, '2 weeks'], [5184000000, '2 months'],
	])('go-units HumanDuration(%i) = %s', (ms, text) => {
		expect(unitsDuration(ms)).toBe(text);
	});

	it('Go templates over JSON', () => {
		expect(goTemplate('{{.info.pid}} {{.a}} {{json .info}}', { info: { pid: 3059 } })).toEqual({ ok: true, text: '3059 <no value> {"pid":3059}' });
	});
});
