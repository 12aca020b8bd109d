import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURL_7_88, CURL_8_14, curlCommand, curlCommandWith, parseCurlArgs } from '../../../src/commands/curl';
import type { Tapped } from '../../../src/sockets-view/dial';
import type { CurlOptions } from '../../../src/commands/curl/args';
import { meterLine, ZERO_LINE } from '../../../src/commands/curl/progress';
import { buildRequest } from '../../../src/commands/curl/request';
import { parseUrl } from '../../../src/commands/curl/url';
import { writeOut } from '../../../src/commands/curl/writeout';
import { lab, PRODUCTPAGE, run, SLEEP } from '../lab/helpers';

// curl in the bookinfo world. The formats are proven against recordings in curl-recorded.test.ts;
// here the whole outputs of transfers the recordings cannot have (the world's servers, its clock)
// and what the transfers leave in the world.

const CURL = [{ factory: curlCommand, where: 'program' as const }];
const at = (where: string, o: { tty?: boolean; lang?: 'en' | 'zh' } = {}) => lab({ at: where, tty: o.tty ?? false, ...(o.lang ? { lang: o.lang } : {}), extraCommands: CURL });
const PROXY = `${PRODUCTPAGE}/istio-proxy`;
const DETAILS_JSON = '{"id":0,"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}';

describe('curl through the world', () => {
	it('the sleep pod calls details by its Service name: DNS, kube-proxy, the inbound sidecar, the app (8.14.1)', () => {
		expect(run(at(`${SLEEP}/sleep`), 'curl -v http://details:9080/details/0')).toEqual({
			stdout: DETAILS_JSON,
			stderr: [
				'* Host details:9080 was resolved.',
				'* IPv6: (none)',
				'* IPv4: 10.96.0.50',
				'  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
				'                                 Dload  Upload   Total   Spent    Left  Speed',
				'\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 10.96.0.50:9080...',
				'* Connected to details (10.96.0.50) port 9080',
				'* using HTTP/1.x',
				'> GET /details/0 HTTP/1.1\r',
				'> Host: details:9080\r',
				'> User-Agent: curl/8.14.1\r',
				'> Accept: */*\r',
				'> \r',
				'* Request completely sent off',
				'< HTTP/1.1 200 OK\r',
				'< content-type: application/json\r',
				'< server: envoy\r',
				'< date: Sat, 21 Nov 2026 05:40:03 GMT\r',
				'< content-length: 178\r',
				'< x-envoy-upstream-service-time: 2\r',
				'< \r',
				'{ [178 bytes data]',
				'\r100   178  100   178    0     0  55625      0 --:--:-- --:--:-- --:--:-- 59333',
				'* Connection #0 to host details left intact',
				'',
			].join('\n'),
			exitCode: 0,
		});
	});

	it('on a terminal the body goes to the screen: no progress meter, no data lines', () => {
		const r = run(at(`${SLEEP}/sleep`, { tty: true }), 'curl -v http://details:9080/details/0');
		expect(r.stderr).not.toContain('% Total');
		expect(r.stderr).not.toContain('bytes data');
		expect(r.stderr.split('\n').slice(-3)).toEqual(['< \r', '* Connection #0 to host details left intact', '']);
	});

	it('the node reaches the Service through kube-proxy (7.88.1, -si)', () => {
		expect(run(at('node'), 'curl -si 10.96.0.50:9080/details/0')).toEqual({
			stdout: `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nserver: envoy\r\ndate: Sat, 21 Nov 2026 05:40:02 GMT\r\ncontent-length: 178\r\nx-envoy-upstream-service-time: 2\r\n\r\n${DETAILS_JSON}`,
			stderr: '',
			exitCode: 0,
		});
	});

	it("istio-proxy's curl tries ::1 first, then reaches Envoy's admin on 127.0.0.1 (chunked)", () => {
		const r = run(at(PROXY), 'curl -sv localhost:15000/ready');
		expect({ ...r, stderr: r.stderr.replace(/from ::1 port \d+ failed/, 'from ::1 port <port> failed') }).toEqual({
			stdout: 'LIVE\n',
			stderr: [
				'* Host localhost:15000 was resolved.',
				'* IPv6: ::1',
				'* IPv4: 127.0.0.1',
				'*   Trying [::1]:15000...',
				'* connect to ::1 port 15000 from ::1 port <port> failed: Connection refused',
				'*   Trying 127.0.0.1:15000...',
				'* Connected to localhost (127.0.0.1) port 15000',
				'* using HTTP/1.x',
				'> GET /ready HTTP/1.1\r',
				'> Host: localhost:15000\r',
				'> User-Agent: curl/8.5.0\r',
				'> Accept: */*\r',
				'> \r',
				'* Request completely sent off',
				'< HTTP/1.1 200 OK\r',
				'< content-type: text/plain; charset=UTF-8\r',
				'< cache-control: no-cache, max-age=0\r',
				'< x-content-type-options: nosniff\r',
				'< date: Sat, 21 Nov 2026 05:40:03 GMT\r',
				'< server: envoy\r',
				'< transfer-encoding: chunked\r',
				'< \r',
				'{ [15 bytes data]',
				'* Connection #0 to host localhost left intact',
				'',
			].join('\n'),
			exitCode: 0,
		});
	});

	it("pilot-agent's status port and Envoy's health port", () => {
		const l = at(PROXY, { tty: true });
		expect(run(l, `curl -s localhost:15020/healthz/ready -w '%{http_code}\\n'`)).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(run(l, 'curl -s localhost:15020/app-health/productpage/readyz')).toEqual({ stdout: 'app prober config does not exists for /app-health/productpage/readyz', stderr: '', exitCode: 0 });
		expect(run(l, 'curl -s localhost:15020/nothing')).toEqual({ stdout: '404 page not found\n', stderr: '', exitCode: 0 });
		expect(run(l, 'curl -i localhost:15021/healthz/ready')).toEqual({ stdout: 'HTTP/1.1 200 OK\r\ndate: Sat, 21 Nov 2026 05:40:09 GMT\r\ncontent-length: 0\r\nx-envoy-upstream-service-time: 0\r\nserver: envoy\r\n\r\n', stderr: '', exitCode: 0 });
	});

	it('-o FILE and -w, -f on an error status', () => {
		const l = at(PROXY, { tty: true });
		expect(run(l, `curl -s -o /tmp/d.json -w '%{http_code} %{size_download} %{content_type} %{remote_ip}:%{remote_port}\\n' details:9080/details/0`)).toEqual({ stdout: '200 178 application/json 10.96.0.50:9080\n', stderr: '', exitCode: 0 });
		expect(run(l, 'cat /tmp/d.json')).toEqual({ stdout: DETAILS_JSON, stderr: '', exitCode: 0 });
		expect(run(l, 'curl -sSf details:9080/nothing')).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
		expect(run(l, 'curl -sS -o /nonexistent/x localhost:15000/ready')).toEqual({ stdout: '', stderr: 'curl: (23) client returned ERROR on write of 5 bytes\n', exitCode: 23 });
	});

	it('root in the pod is redirected to 15001: the TIME-WAIT socket, conntrack, the rule and Envoy counters', () => {
		const l = lab({ at: PRODUCTPAGE, tty: false, extraCommands: CURL });
		expect(run(l, 'curl -s 10.96.0.50:9080/details/0')).toEqual({ stdout: DETAILS_JSON, stderr: '', exitCode: 0 });
		const ss = run(l, 'ss -tn state time-wait').stdout;
		const port = /10\.244\.1\.5:(\d+)/.exec(ss)?.[1] ?? '';
		expect(ss).toBe(`Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n0      0         10.244.1.5:${port}   10.96.0.50:9080       \n`);
		// 120 s of TIME_WAIT, a few simulated seconds later.
		// Envoy's upstream connection to details stays open in its pool (uid 1337, not redirected).
		const ct = run(l, 'conntrack -L 2>/dev/null | grep 9080').stdout;
		const up = /sport=(\d+) dport=9080 src=10\.244\.1\.6/.exec(ct)?.[1] ?? '';
		expect(ct).toBe(
			`tcp      6 116 TIME_WAIT src=10.244.1.5 dst=10.96.0.50 sport=${port} dport=9080 src=127.0.0.1 dst=10.244.1.5 sport=15001 dport=${port} [ASSURED] mark=0 use=1\n` +
				`tcp      6 431996 ESTABLISHED src=10.244.1.5 dst=10.244.1.6 sport=${up} dport=9080 src=10.244.1.6 dst=10.244.1.5 sport=9080 dport=${up} [ASSURED] mark=0 use=1\n`,
		);
		expect(run(l, 'iptables -t nat -nvL ISTIO_REDIRECT').stdout).toBe(
			'Chain ISTIO_REDIRECT (1 references)\n pkts bytes target     prot opt in     out     source               destination         \n    1    60 REDIRECT   6    --  *      *       0.0.0.0/0            0.0.0.0/0            redir ports 15001\n',
		);
		expect(run(l, 'curl -s localhost:15000/stats/prometheus | grep 0_15001').stdout).toBe(
			'envoy_listener_downstream_cx_total{envoy_listener_address="0.0.0.0_15001"} 1\nenvoy_listener_downstream_cx_active{envoy_listener_address="0.0.0.0_15001"} 0\n',
		);
	});

	it('a name the cluster does not know, and the node, which has no cluster DNS', () => {
		expect(run(at(`${SLEEP}/sleep`), 'curl -sS http://nosuch/')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nosuch\n', exitCode: 6 });
		expect(run(at('node'), 'curl -sS details:9080/details/0')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: details\n', exitCode: 6 });
	});

	it.each([
		{ lang: 'en' as const, line: 'curl -s localhost:15000/runtime', err: 'curl: the lab does not model the answer of Envoy admin /runtime yet: the connection was made (see ss, conntrack), but no reply is shown\n' },
		{ lang: 'zh' as const, line: 'curl -s localhost:15000/runtime', err: 'curl: 实验尚未建模 Envoy admin /runtime 的应答：连接已经建立（可用 ss、conntrack 查看），但不显示响应\n' },
		{ lang: 'en' as const, line: 'curl https://details:9080/', err: 'curl: https:// is not simulated in this lab (only plain http://)\n' },
		{ lang: 'zh' as const, line: 'curl -O http://details:9080/details/0', err: 'curl: 本实验未模拟 -O\n' },
	])('what the lab does not model says so ($lang: $line)', ({ lang, line, err }) => {
		expect(run(at(PROXY, { lang }), line)).toEqual({ stdout: '', stderr: err, exitCode: 1 });
	});

	it('hands every packet to the tap, per namespace, with the HTTP text on the data segments', () => {
		const seen: Tapped[] = [];
		const l = lab({ at: `${SLEEP}/sleep`, tty: false, extraCommands: [{ factory: (h) => curlCommandWith(h, { tap: (p) => seen.push(p) }), where: 'program' }] });
		expect(run(l, 'curl -s details:9080/details/0').stdout).toBe(DETAILS_JSON);
		const sleepNs = l.handle.world.pods.find((p) => p.name === SLEEP)?.netns;
		const detailsNs = l.handle.world.pods.find((p) => p.name.startsWith('details-'))?.netns;
		// Handshake in the caller's namespace and the server's; then the inbound Envoy's own connection
		// to the app (handshake, request, ACK, response, ACK; it stays pooled); then curl's request,
		// ACK, response, ACK and the close (FIN, FIN-ACK, ACK), again in both namespaces.
		const name = (ns: string | undefined): string => (ns === sleepNs ? 'sleep' : 'details');
		const handshake = (ns: string | undefined) => [[name(ns), 'original', 0x02], [name(ns), 'reply', 0x12], [name(ns), 'original', 0x10]];
		const data = (ns: string | undefined) => [[name(ns), 'original', 0x18], [name(ns), 'reply', 0x10], [name(ns), 'reply', 0x18], [name(ns), 'original', 0x10]];
		const close = (ns: string | undefined) => [[name(ns), 'original', 0x11], [name(ns), 'reply', 0x11], [name(ns), 'original', 0x10]];
		expect(seen.map((p) => [p.netns === sleepNs ? 'sleep' : p.netns === detailsNs ? 'details' : p.netns, p.trace.direction, p.trace.flags])).toEqual([
			...handshake(sleepNs),
			...handshake(detailsNs),
			...handshake(detailsNs),
			...data(detailsNs),
			...data(sleepNs),
			...data(detailsNs),
			...close(sleepNs),
			...close(detailsNs),
		]);
		expect(seen.find((p) => p.data !== undefined)?.data).toBe('GET /details/0 HTTP/1.1\r\nHost: details:9080\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n');
	});

	it('a connect that hangs plays out in simulated time, and Ctrl-C ends it', () => {
		const l = at(`${SLEEP}/sleep`);
		const job = l.shell.start('curl -sS http://10.244.1.99/');
		expect(job.advance(1000).done).toBe(false);
		const end = job.advance(5000);
		expect(end.done).toBe(true);
		expect(end.exitCode).toBe(7);
		expect(end.output.map((e) => e.text).join('')).toBe('curl: (7) Failed to connect to 10.244.1.99 port 80 after 3071 ms: Could not connect to server\n');
		const hung = l.shell.start('curl -sS --connect-timeout 60 http://192.0.2.1/');
		expect(hung.advance(30_000).done).toBe(false);
		const stopped = hung.interrupt();
		expect(stopped.done).toBe(true);
		expect(stopped.exitCode).toBe(130);
	});
});

describe('curl pieces', () => {
	it.each([
		// Recorded final lines (tests/fixtures/curl/recorded): the elapsed time is read back from Dload.
		{ line: '100     6  100     6    0     0   1671      0 --:--:-- --:--:-- --:--:--  2000', s: { expected: 6, downloaded: 6, uploaded: 0, uploadExpected: 0, elapsedUs: 3590 } },
		{ line: '100     5  100     5    0     0    807      0 --:--:-- --:--:-- --:--:--   833', s: { expected: 5, downloaded: 5, uploaded: 0, uploadExpected: 0, elapsedUs: 6195 } },
		{ line: '100     8  100     5  100     3   4784   2870 --:--:-- --:--:-- --:--:--  8000', s: { expected: 5, downloaded: 5, uploaded: 3, uploadExpected: 3, elapsedUs: 1045 } },
		{ line: '100  3001    0  3001    0     0  3480k      0 --:--:-- --:--:-- --:--:-- 2930k', s: { expected: 0, downloaded: 3001, uploaded: 0, uploadExpected: 0, elapsedUs: 842 } },
		{ line: '100  3001    0  3001    0     0   517k      0 --:--:-- --:--:-- --:--:--  586k', s: { expected: 0, downloaded: 3001, uploaded: 0, uploadExpected: 0, elapsedUs: 5668 } },
		{ line: '  0     5    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0', s: { expected: 5, downloaded: 0, uploaded: 0, uploadExpected: 0, elapsedUs: 900 } },
		{ line: '  0     0    0     0    0     0      0      0 --:--:--  0:00:03 --:--:--     0', s: { expected: 0, downloaded: 0, uploaded: 0, uploadExpected: 0, elapsedUs: 3_061_000 } },
	])('progress line $line', ({ line, s }) => {
		expect(meterLine(s)).toBe(line);
	});

	it('the zero line', () => {
		expect(ZERO_LINE).toBe('  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0');
	});

	it('-H replaces, removes and empties headers as curl does (recorded with 8.14.1)', () => {
		const parsed = parseCurlArgs(['-H', 'foo', '-H', 'Accept:', '-H', 'X-Empty;', '-H', 'Host: h.example', '-H', 'user-agent: me', 'http://127.0.0.1:18082/x'], CURL_8_14.dialect, false);
		if (parsed.kind !== 'run') throw new Error(parsed.kind);
		const url = parseUrl('http://127.0.0.1:18082/x', CURL_8_14.dialect);
		if (!url.ok) throw new Error('url');
		expect(buildRequest(url.url, parsed.options, '8.14.1').lines).toEqual(['GET /x HTTP/1.1', 'Host: h.example', 'X-Empty:', 'user-agent: me']);
	});

	it('-u, -e and -d (recorded with 7.88.1)', () => {
		const parsed = parseCurlArgs(['-u', 'admin:secret', '-e', 'http://ref/', '-H', 'X-Test: 1', '-d', 'a=b', 'http://127.0.0.1:18082/'], CURL_7_88.dialect, true);
		if (parsed.kind !== 'run') throw new Error(parsed.kind);
		const url = parseUrl('http://127.0.0.1:18082/', CURL_7_88.dialect);
		if (!url.ok) throw new Error('url');
		const req = buildRequest(url.url, parsed.options, '7.88.1');
		expect(req.lines).toEqual([
			'POST / HTTP/1.1',
			'Host: 127.0.0.1:18082',
			'Authorization: Basic YWRtaW46c2VjcmV0',
			'User-Agent: curl/7.88.1',
			'Accept: */*',
			'Referer: http://ref/',
			'X-Test: 1',
			'Content-Length: 3',
			'Content-Type: application/x-www-form-urlencoded',
		]);
		expect(req.headBytes).toBe(req.lines.reduce((n, l) => n + l.length + 2, 2));
	});

	it('-w: variables, %header{}, escapes, an unknown variable', () => {
		expect(writeOut('%{http_code}|%header{Content-Type}|%%|%{bogus}x\\t\\n', { values: { http_code: '200' }, headers: [['content-type', 'text/plain']] })).toEqual({
			stdout: '200|text/plain|%|x\t\n',
			stderr: "curl: unknown --write-out variable: 'bogus'\n",
			unfilled: [],
		});
	});

	it('fuzz: the command line parser answers every combination without throwing', () => {
		const words = ['-s', '-S', '-v', '-i', '-I', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: x', '-X', 'POST', '-d', 'a=b', '-m', '1', '--connect-timeout', 'abc', '-sSo', '-4', '-6', '--no-silent', '--no-max-time', '--max-time=3', '--pro', '--verb', '-h', '-V', '--', '-', '-9', '-s9', 'http://details:9080/', 'localhost:15000/ready', 'http://[::1', '', '-O', '--url', '-L', '-k', '-f', '--fail-with-body', '-u', 'a:b'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...words), { maxLength: 10 }), fc.boolean(), (args, seven) => {
				const r = parseCurlArgs(args, seven ? CURL_7_88.dialect : CURL_8_14.dialect, seven);
				expect(['run', 'help', 'version', 'exit', 'unsimulated']).toContain(r.kind);
				if (r.kind === 'run') expect((r.options satisfies CurlOptions).urls.length).toBeGreaterThan(0);
			}),
			{ numRuns: 5000, seed: 20261121 },
		);
	});

	it('fuzz: whole curl lines in the world end with an exit status', () => {
		const l = at(PROXY);
		const words = ['-s', '-v', '-I', '-i', '-o', '/tmp/out', '-w', "'%{http_code}'", '-m', '1', '--connect-timeout', '1', '-f', '-X', 'POST', '-d', 'x', '-H', "'Host: a'", 'localhost:15000/ready', 'localhost:15020/healthz/ready', '127.0.0.1:15021/healthz/ready', 'details:9080/details/1', '10.244.1.6:9080/details/0', '[::1]:15020/', 'nosuch', '10.244.1.99', '192.0.2.1', 'localhost:15000/clusters', 'localhost:15001/'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }), (args) => {
				const r = run(l, `curl ${args.join(' ')}`);
				expect(typeof r.exitCode).toBe('number');
			}),
			{ numRuns: 300, seed: 20261121 },
		);
	});
});
