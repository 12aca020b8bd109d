import { describe, expect, it } from 'vitest';
import { accessLogLine, requestId } from '../../../src/mesh';
import { lab, run } from '../lab/helpers';

// The whole path of a request through the Bookinfo world: every hop `hops` lists, what the
// kernel kept (nat counters and conntrack on both pods, ss), Envoy's pooled upstream connection
// reused by a second request, and the failure paths. Whole outputs.

const RATINGS = 'ratings-v1-7c9bd4b87f-7xmbz';
const DETAILS = 'details-v1-65cfcf56f9-vq8kj';

function node() {
	const l = lab({ at: 'node', tty: false });
	const pid = (pod: string): number => l.handle.world.processes.find((p) => p.container?.pod === `default/${pod}` && p.comm === 'envoy')?.pid ?? 0;
	const inPod = (pod: string, line: string): string => run(l, `nsenter -t ${pid(pod)} -n ${line}`).stdout;
	return { l, inPod };
}

const fromRatings = (url: string): string => `kubectl exec ${RATINGS} -c ratings -- curl -s -o /dev/null -w '%{http_code}\\n' ${url}`;

describe('the path of a request', () => {
	it('ratings -> details: every hop, both pods\' counters, conntrack and sockets', () => {
		const { l, inPod } = node();
		expect(run(l, fromRatings('http://details:9080/details/0'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(run(l, 'hops').stdout).toMatchInlineSnapshot(`
			"GET http://details:9080/details/0 from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 200
			 1. [ratings-v1-7c9bd4b87f-7xmbz] DNS: details is 10.96.0.50
			    see /en/lessons/request-path/#dns
			 2. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.96.0.50:9080
			    see /en/lessons/request-path/#app-socket
			 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT
			    see /en/lessons/iptables-capture/#entry-points
			 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT
			    see /en/lessons/iptables-capture/#rule-9
			 5. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_REDIRECT rule 1: -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
			    see /en/lessons/iptables-capture/#redirect-return
			 6. [ratings-v1-7c9bd4b87f-7xmbz] accepted by envoy/virtualOutbound on 127.0.0.1:15001 (original destination 10.96.0.50:9080)
			    see /en/lessons/request-path/#listener-15001
			 7. [ratings-v1-7c9bd4b87f-7xmbz] virtualOutbound hands the connection to listener 0.0.0.0_9080
			    see /en/lessons/request-path/#listener-15001
			 8. [ratings-v1-7c9bd4b87f-7xmbz] listener 0.0.0.0_9080, filter chain - (envoy.filters.network.http_connection_manager)
			    see /en/lessons/request-path/#filter-chain
			 9. [ratings-v1-7c9bd4b87f-7xmbz] route config 9080, virtual host details.default.svc.cluster.local:9080, route default
			    see /en/lessons/request-path/#route
			10. [ratings-v1-7c9bd4b87f-7xmbz] cluster outbound|9080||details.default.svc.cluster.local (EDS)
			    see /en/lessons/request-path/#cluster
			11. [ratings-v1-7c9bd4b87f-7xmbz] endpoint 10.244.1.6:9080 (LEAST_REQUEST, 1 healthy)
			    see /en/lessons/request-path/#endpoint
			12. [ratings-v1-7c9bd4b87f-7xmbz] envoy (uid 1337) connects 10.244.1.7:54711 -> 10.244.1.6:9080
			    see /en/lessons/request-path/#upstream
			13. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT
			    see /en/lessons/iptables-capture/#entry-points
			14. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 4: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
			    see /en/lessons/iptables-capture/#rule-4
			15. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, PREROUTING rule 1: -A PREROUTING -p tcp -j ISTIO_INBOUND
			    see /en/lessons/iptables-capture/#istio-inbound
			16. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_INBOUND rule 5: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
			    see /en/lessons/iptables-capture/#istio-inbound
			17. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_IN_REDIRECT rule 1: -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
			    see /en/lessons/iptables-capture/#istio-inbound
			18. [details-v1-65cfcf56f9-vq8kj] accepted by envoy/virtualInbound on 10.244.1.6:15006 (original destination 10.244.1.6:9080)
			    see /en/lessons/request-path/#listener-15006
			19. [details-v1-65cfcf56f9-vq8kj] listener virtualInbound, filter chain 0.0.0.0_9080 (envoy.filters.network.http_connection_manager)
			    see /en/lessons/request-path/#inbound-chain
			20. [details-v1-65cfcf56f9-vq8kj] route config inbound|9080||, virtual host inbound|http|9080, route default
			    see /en/lessons/request-path/#inbound-chain
			21. [details-v1-65cfcf56f9-vq8kj] cluster inbound|9080|| (ORIGINAL_DST, upstream bound to 127.0.0.6)
			    see /en/lessons/passthrough-127-0-0-6/#inbound-cluster
			22. [details-v1-65cfcf56f9-vq8kj] envoy (uid 1337) connects 127.0.0.6:57383 -> 10.244.1.6:9080
			    see /en/lessons/passthrough-127-0-0-6/#bind
			23. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT
			    see /en/lessons/iptables-capture/#entry-points
			24. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, ISTIO_OUTPUT rule 1: -A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN
			    see /en/lessons/iptables-capture/#rule-1
			25. [details-v1-65cfcf56f9-vq8kj] accepted by details/http on 10.244.1.6:9080 (original destination 10.244.1.6:9080)
			    see /en/lessons/request-path/#the-app
			26. [details-v1-65cfcf56f9-vq8kj] ruby answers on 10.244.1.6:9080
			    see /en/lessons/request-path/#the-app
			27. [details-v1-65cfcf56f9-vq8kj] Envoy: 200 - via_upstream
			    see /en/lessons/request-path/#access-log
			    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 3 2 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "details:9080" "10.244.1.6:9080" inbound|9080|| 127.0.0.6:57383 10.244.1.6:9080 10.244.1.7:54711 outbound_.9080_._.details.default.svc.cluster.local default
			28. [ratings-v1-7c9bd4b87f-7xmbz] Envoy: 200 - via_upstream
			    see /en/lessons/request-path/#access-log
			    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 5 4 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "details:9080" "10.244.1.6:9080" outbound|9080||details.default.svc.cluster.local 10.244.1.7:54711 10.96.0.50:9080 10.244.1.7:47854 - default
			"
		`);
		expect(inPod(RATINGS, 'iptables -t nat -L ISTIO_OUTPUT -v -n --line-numbers')).toMatchInlineSnapshot(`
			"Chain ISTIO_OUTPUT (1 references)
			num   pkts bytes target     prot opt in     out     source               destination         
			1        0     0 RETURN     0    --  *      lo      127.0.0.6            0.0.0.0/0           
			2        0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner UID match 1337
			3        0     0 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner UID match 1337
			4        5   300 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 1337
			5        0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner GID match 1337
			6        0     0 RETURN     0    --  *      lo      0.0.0.0/0            0.0.0.0/0            ! owner GID match 1337
			7        0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner GID match 1337
			8        0     0 RETURN     0    --  *      *       0.0.0.0/0            127.0.0.1           
			9        1    60 ISTIO_REDIRECT  0    --  *      *       0.0.0.0/0            0.0.0.0/0           
			"
		`);
		expect(inPod(DETAILS, 'iptables -t nat -L ISTIO_INBOUND -v -n --line-numbers')).toMatchInlineSnapshot(`
			"Chain ISTIO_INBOUND (1 references)
			num   pkts bytes target     prot opt in     out     source               destination         
			1        0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15008
			2        0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15090
			3        0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15021
			4        0     0 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:15020
			5        1    60 ISTIO_IN_REDIRECT  6    --  *      *       0.0.0.0/0            0.0.0.0/0           
			"
		`);
		expect(inPod(RATINGS, 'ss -tnp dst 10.244.1.6')).toMatchInlineSnapshot(`
			"State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
			ESTAB 0      0         10.244.1.7:54711   10.244.1.6:9080 users:(("envoy",pid=3012,fd=35))
			"
		`);
		expect(inPod(DETAILS, 'ss -tnp sport = :9080 or dport = :9080 or sport = :15006')).toMatchInlineSnapshot(`
			"State Recv-Q Send-Q Local Address:Port  Peer Address:Port Process                          
			ESTAB 0      0         10.244.1.6:15006   10.244.1.7:54711 users:(("envoy",pid=2988,fd=28))
			ESTAB 0      0          127.0.0.6:57383   10.244.1.6:9080  users:(("envoy",pid=2988,fd=29))
			ESTAB 0      0         10.244.1.6:9080     127.0.0.6:57383 users:(("ruby",pid=2973,fd=6))  
			"
		`);
		expect(inPod(RATINGS, 'conntrack -L -p tcp --dport 9080')).toMatchInlineSnapshot(`
			"tcp      6 114 TIME_WAIT src=10.244.1.7 dst=10.96.0.50 sport=47854 dport=9080 src=127.0.0.1 dst=10.244.1.7 sport=15001 dport=47854 [ASSURED] mark=0 use=1
			tcp      6 431994 ESTABLISHED src=10.244.1.7 dst=10.244.1.6 sport=54711 dport=9080 src=10.244.1.6 dst=10.244.1.7 sport=9080 dport=54711 [ASSURED] mark=0 use=1
			"
		`);
	});

	it('a second request reuses Envoy\'s pooled upstream connection: no new conntrack entry, no new nat count upstream', () => {
		const { l, inPod } = node();
		run(l, fromRatings('http://details:9080/details/0'));
		const inbound1 = inPod(DETAILS, 'iptables -t nat -L ISTIO_INBOUND -v -n');
		const ct1 = inPod(DETAILS, 'conntrack -L -p tcp --dport 9080');
		expect(run(l, fromRatings('http://details:9080/details/1'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(inPod(DETAILS, 'iptables -t nat -L ISTIO_INBOUND -v -n')).toBe(inbound1);
		expect(inPod(DETAILS, 'conntrack -L -p tcp --dport 9080')).toBe(ct1);
		expect(run(l, 'hops').stdout.split('\n').filter((x) => x.includes('pooled') || x.includes('connects'))).toMatchInlineSnapshot(`
			[
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:45400 -> 10.96.0.50:9080",
			  "12. [ratings-v1-7c9bd4b87f-7xmbz] reuses pooled connection 10.244.1.7:54711 -> 10.244.1.6:9080",
			  "16. [details-v1-65cfcf56f9-vq8kj] reuses pooled connection 127.0.0.6:57383 -> 10.244.1.6:9080",
			]
		`);
	});

	it('the product page fans out: details and reviews, and reviews v2/v3 ask ratings', () => {
		const { l } = node();
		expect(run(l, fromRatings('http://productpage:9080/productpage'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		const heads = run(l, 'hops').stdout.split('\n').filter((x) => /^\s*GET /.test(x));
		expect(heads).toMatchInlineSnapshot(`
			[
			  "GET http://productpage:9080/productpage from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 200",
			  "      GET http://details:9080/details/0 from default/productpage-v1-54bb874995-hhx8q/productpage: 200",
			  "      GET http://reviews:9080/reviews/0 from default/productpage-v1-54bb874995-hhx8q/productpage: 200",
			  "            GET http://ratings:9080/ratings/0 from default/reviews-v3-6f5b775685-wl57s/reviews: 200",
			]
		`);
	});

	it('hops in Chinese', () => {
		const l = lab({ at: `${RATINGS}/ratings`, tty: false, lang: 'zh' });
		run(l, 'curl -s -o /dev/null http://details:9080/details/0');
		expect(run(l, 'hops').stdout.split('\n').slice(0, 9).join('\n')).toMatchInlineSnapshot(`
			"GET http://details:9080/details/0，发自 default/ratings-v1-7c9bd4b87f-7xmbz/ratings：200
			 1. [ratings-v1-7c9bd4b87f-7xmbz] DNS：details 解析为 10.96.0.50
			    参见 /zh/lessons/request-path/#dns
			 2. [ratings-v1-7c9bd4b87f-7xmbz] curl（uid 1000）发起连接 10.244.1.7:49406 -> 10.96.0.50:9080
			    参见 /zh/lessons/request-path/#app-socket
			 3. [ratings-v1-7c9bd4b87f-7xmbz] nat 表 OUTPUT，OUTPUT 第 1 条规则：-A OUTPUT -j ISTIO_OUTPUT
			    参见 /zh/lessons/iptables-capture/#entry-points
			 4. [ratings-v1-7c9bd4b87f-7xmbz] nat 表 OUTPUT，ISTIO_OUTPUT 第 9 条规则：-A ISTIO_OUTPUT -j ISTIO_REDIRECT
			    参见 /zh/lessons/iptables-capture/#rule-9"
		`);
	});
});

describe('failure paths', () => {
	it('a missing Service: curl cannot resolve the name, and hops says where it stopped', () => {
		const l = lab({ at: `${RATINGS}/ratings`, tty: false });
		expect(run(l, 'hops curl -sS http://nosuch:9080/')).toMatchInlineSnapshot(`
			{
			  "exitCode": 6,
			  "stderr": "curl: (6) Could not resolve host: nosuch
			",
			  "stdout": "GET http://nosuch:9080/ from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: no HTTP answer
			 1. [ratings-v1-7c9bd4b87f-7xmbz] stops: the name does not resolve (nosuch)
			    see /en/lessons/request-path/#dns
			",
			}
		`);
	});

	it('a port excluded from capture (the rule excludeOutboundPorts writes): the app reaches the peer directly', () => {
		const { l, inPod } = node();
		inPod(RATINGS, 'iptables -t nat -I ISTIO_OUTPUT 1 -p tcp --dport 9080 -j RETURN');
		expect(run(l, fromRatings('http://details:9080/details/0'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(run(l, 'hops').stdout.split('\n').filter((x) => !x.includes('see /'))).toMatchInlineSnapshot(`
			[
			  "GET http://details:9080/details/0 from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 200",
			  " 1. [ratings-v1-7c9bd4b87f-7xmbz] DNS: details is 10.96.0.50",
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.96.0.50:9080",
			  " 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  " 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 1: -A ISTIO_OUTPUT -p tcp -m tcp --dport 9080 -j RETURN",
			  " 5. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, PREROUTING rule 1: -A PREROUTING -p tcp -j ISTIO_INBOUND",
			  " 6. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_INBOUND rule 5: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT",
			  " 7. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_IN_REDIRECT rule 1: -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006",
			  " 8. [details-v1-65cfcf56f9-vq8kj] accepted by envoy/virtualInbound on 10.244.1.6:15006 (original destination 10.244.1.6:9080)",
			  " 9. [details-v1-65cfcf56f9-vq8kj] listener virtualInbound, filter chain 0.0.0.0_9080 (envoy.filters.network.http_connection_manager)",
			  "10. [details-v1-65cfcf56f9-vq8kj] route config inbound|9080||, virtual host inbound|http|9080, route default",
			  "11. [details-v1-65cfcf56f9-vq8kj] cluster inbound|9080|| (ORIGINAL_DST, upstream bound to 127.0.0.6)",
			  "12. [details-v1-65cfcf56f9-vq8kj] envoy (uid 1337) connects 127.0.0.6:54711 -> 10.244.1.6:9080",
			  "13. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  "14. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, ISTIO_OUTPUT rule 1: -A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN",
			  "15. [details-v1-65cfcf56f9-vq8kj] accepted by details/http on 10.244.1.6:9080 (original destination 10.244.1.6:9080)",
			  "16. [details-v1-65cfcf56f9-vq8kj] ruby answers on 10.244.1.6:9080",
			  "17. [details-v1-65cfcf56f9-vq8kj] Envoy: 200 - via_upstream",
			  "    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 3 2 "-" "curl/7.88.1" "4c3755bc-d4e6-48b6-ae62-14bbe8a9cae7" "details:9080" "10.244.1.6:9080" inbound|9080|| 127.0.0.6:54711 10.244.1.6:9080 10.244.1.7:47854 - default",
			  "",
			]
		`);
	});

	it('an unknown destination (a pod IP, no Service host): PassthroughCluster under ALLOW_ANY', () => {
		const { l } = node();
		expect(run(l, fromRatings('http://10.244.1.6:9080/details/0'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(run(l, 'hops').stdout.split('\n').filter((x) => !x.includes('see /'))).toMatchInlineSnapshot(`
			[
			  "GET http://10.244.1.6:9080/details/0 from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 200",
			  " 1. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.244.1.6:9080",
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  " 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT",
			  " 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_REDIRECT rule 1: -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001",
			  " 5. [ratings-v1-7c9bd4b87f-7xmbz] accepted by envoy/virtualOutbound on 127.0.0.1:15001 (original destination 10.244.1.6:9080)",
			  " 6. [ratings-v1-7c9bd4b87f-7xmbz] virtualOutbound hands the connection to listener 0.0.0.0_9080",
			  " 7. [ratings-v1-7c9bd4b87f-7xmbz] listener 0.0.0.0_9080, filter chain - (envoy.filters.network.http_connection_manager)",
			  " 8. [ratings-v1-7c9bd4b87f-7xmbz] route config 9080, virtual host allow_any, route allow_any",
			  " 9. [ratings-v1-7c9bd4b87f-7xmbz] cluster PassthroughCluster (ORIGINAL_DST)",
			  "10. [ratings-v1-7c9bd4b87f-7xmbz] endpoint 10.244.1.6:9080 (CLUSTER_PROVIDED, 1 healthy)",
			  "11. [ratings-v1-7c9bd4b87f-7xmbz] envoy (uid 1337) connects 10.244.1.7:54711 -> 10.244.1.6:9080",
			  "12. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  "13. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 4: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN",
			  "14. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, PREROUTING rule 1: -A PREROUTING -p tcp -j ISTIO_INBOUND",
			  "15. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_INBOUND rule 5: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT",
			  "16. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_IN_REDIRECT rule 1: -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006",
			  "17. [details-v1-65cfcf56f9-vq8kj] accepted by envoy/virtualInbound on 10.244.1.6:15006 (original destination 10.244.1.6:9080)",
			  "18. [details-v1-65cfcf56f9-vq8kj] listener virtualInbound, filter chain 0.0.0.0_9080 (envoy.filters.network.http_connection_manager)",
			  "19. [details-v1-65cfcf56f9-vq8kj] route config inbound|9080||, virtual host inbound|http|9080, route default",
			  "20. [details-v1-65cfcf56f9-vq8kj] cluster inbound|9080|| (ORIGINAL_DST, upstream bound to 127.0.0.6)",
			  "21. [details-v1-65cfcf56f9-vq8kj] envoy (uid 1337) connects 127.0.0.6:57383 -> 10.244.1.6:9080",
			  "22. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  "23. [details-v1-65cfcf56f9-vq8kj] nat OUTPUT, ISTIO_OUTPUT rule 1: -A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN",
			  "24. [details-v1-65cfcf56f9-vq8kj] accepted by details/http on 10.244.1.6:9080 (original destination 10.244.1.6:9080)",
			  "25. [details-v1-65cfcf56f9-vq8kj] ruby answers on 10.244.1.6:9080",
			  "26. [details-v1-65cfcf56f9-vq8kj] Envoy: 200 - via_upstream",
			  "    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 3 2 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "10.244.1.6:9080" "10.244.1.6:9080" inbound|9080|| 127.0.0.6:57383 10.244.1.6:9080 10.244.1.7:54711 - default",
			  "27. [ratings-v1-7c9bd4b87f-7xmbz] Envoy: 200 - via_upstream",
			  "    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 5 4 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "10.244.1.6:9080" "10.244.1.6:9080" PassthroughCluster 10.244.1.7:54711 10.244.1.6:9080 10.244.1.7:47854 - allow_any",
			  "",
			]
		`);
	});

	it('a port nobody listens on behind the peer: PassthroughCluster, then the peer sidecar cannot connect its app: 503 UF', () => {
		const { l } = node();
		expect(run(l, `kubectl exec ${RATINGS} -c ratings -- curl -sS http://10.244.1.6:8000/`)).toMatchInlineSnapshot(`
			{
			  "exitCode": 0,
			  "stderr": "",
			  "stdout": "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111",
			}
		`);
		expect(run(l, 'hops').stdout.split('\n').filter((x) => !x.includes('see /'))).toMatchInlineSnapshot(`
			[
			  "GET http://10.244.1.6:8000/ from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 503",
			  " 1. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.244.1.6:8000",
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  " 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT",
			  " 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_REDIRECT rule 1: -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001",
			  " 5. [ratings-v1-7c9bd4b87f-7xmbz] accepted by envoy/virtualOutbound on 127.0.0.1:15001 (original destination 10.244.1.6:8000)",
			  " 6. [ratings-v1-7c9bd4b87f-7xmbz] listener virtualOutbound, filter chain virtualOutbound-catchall-tcp (envoy.filters.network.tcp_proxy)",
			  " 7. [ratings-v1-7c9bd4b87f-7xmbz] cluster PassthroughCluster (ORIGINAL_DST)",
			  " 8. [ratings-v1-7c9bd4b87f-7xmbz] envoy (uid 1337) connects 10.244.1.7:54711 -> 10.244.1.6:8000",
			  " 9. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  "10. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 4: -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN",
			  "11. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, PREROUTING rule 1: -A PREROUTING -p tcp -j ISTIO_INBOUND",
			  "12. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_INBOUND rule 5: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT",
			  "13. [details-v1-65cfcf56f9-vq8kj] nat PREROUTING, ISTIO_IN_REDIRECT rule 1: -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006",
			  "14. [details-v1-65cfcf56f9-vq8kj] accepted by envoy/virtualInbound on 10.244.1.6:15006 (original destination 10.244.1.6:8000)",
			  "15. [details-v1-65cfcf56f9-vq8kj] listener virtualInbound, filter chain virtualInbound-catchall-http (envoy.filters.network.http_connection_manager)",
			  "16. [details-v1-65cfcf56f9-vq8kj] route config InboundPassthroughCluster, virtual host inbound|http|0, route default",
			  "17. [details-v1-65cfcf56f9-vq8kj] cluster InboundPassthroughCluster (ORIGINAL_DST, upstream bound to 127.0.0.6)",
			  "18. [details-v1-65cfcf56f9-vq8kj] stops: the upstream refused the connection (10.244.1.6:8000)",
			  "19. [details-v1-65cfcf56f9-vq8kj] stops: the upstream refused the connection (10.244.1.6:8000)",
			  "20. [details-v1-65cfcf56f9-vq8kj] stops: the upstream refused the connection (10.244.1.6:8000)",
			  "21. [details-v1-65cfcf56f9-vq8kj] Envoy: 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111}",
			  "    [2026-11-21T05:40:02.000Z] "GET / HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111} - "delayed_connect_error:_111" 0 175 36 - "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "10.244.1.6:8000" "10.244.1.6:8000" InboundPassthroughCluster - 10.244.1.6:8000 10.244.1.7:54711 - default",
			  "",
			]
		`);
	});
});

describe('the access log line', () => {
	it("Istio's default TEXT format, as the inbound sidecar writes it", () => {
		expect(
			accessLogLine({
				start: Date.parse('2026-11-21T05:40:03.123Z'),
				method: 'GET',
				path: '/details/0',
				status: 200,
				flags: '-',
				details: 'via_upstream',
				bytesReceived: 0,
				bytesSent: 178,
				durationMs: 3,
				upstreamServiceMs: 2,
				userAgent: 'curl/8.5.0',
				requestId: '0f4a3c1e-8a7b-4c2d-9e1f-123456789abc',
				authority: 'details:9080',
				upstreamHost: { address: '10.244.1.6', port: 9080 },
				cluster: 'inbound|9080||',
				upstreamLocal: { address: '127.0.0.6', port: 41234 },
				downstreamLocal: { address: '10.244.1.6', port: 9080 },
				downstreamRemote: { address: '10.244.1.7', port: 38312 },
				sni: 'outbound_.9080_._.details.default.svc.cluster.local',
				route: 'default',
			}),
		).toBe(
			'[2026-11-21T05:40:03.123Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 3 2 "-" "curl/8.5.0" "0f4a3c1e-8a7b-4c2d-9e1f-123456789abc" "details:9080" "10.244.1.6:9080" inbound|9080|| 127.0.0.6:41234 10.244.1.6:9080 10.244.1.7:38312 outbound_.9080_._.details.default.svc.cluster.local default\n',
		);
	});

	it('x-request-id is a version 4 UUID from the seeded source', () => {
		let x = 0;
		const id = requestId(() => ((x = (x * 7 + 3) % 16), x / 16));
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
});

describe('the access log (istio.accessLogFile: /dev/stdout)', () => {
	it('each request appends Istio\'s TEXT line to both sidecars\' istio-proxy logs; tcp_proxy writes its own', () => {
		const { l } = node();
		run(l, fromRatings('http://details:9080/details/0'));
		run(l, fromRatings('http://10.244.1.6:8000/'));
		expect(run(l, `kubectl logs ${RATINGS} -c istio-proxy`).stdout).toBe(
			'[2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 5 4 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "details:9080" "10.244.1.6:9080" outbound|9080||details.default.svc.cluster.local 10.244.1.7:54711 10.96.0.50:9080 10.244.1.7:47854 - default\n' +
				'[2026-11-21T05:40:04.000Z] "- - -" 0 - - - "-" 79 310 1 - "-" "-" "-" "-" "10.244.1.6:8000" PassthroughCluster 10.244.1.7:46807 10.244.1.6:8000 10.244.1.7:45400 - -\n',
		);
		expect(run(l, `kubectl logs ${DETAILS} -c istio-proxy`).stdout).toBe(
			'[2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 3 2 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "details:9080" "10.244.1.6:9080" inbound|9080|| 127.0.0.6:57383 10.244.1.6:9080 10.244.1.7:54711 outbound_.9080_._.details.default.svc.cluster.local default\n' +
				'[2026-11-21T05:40:04.000Z] "GET / HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111} - "delayed_connect_error:_111" 0 175 37 - "-" "curl/7.88.1" "b2fdbaab-e306-4b46-896e-7de1de1ed898" "10.244.1.6:8000" "10.244.1.6:8000" InboundPassthroughCluster - 10.244.1.6:8000 10.244.1.7:46807 - default\n',
		);
	});
});

// The failure paths that need another mesh: variants of bookinfo (content/scenarios/*/scenario.yaml).
const PRODUCTPAGE = 'productpage-v1-54bb874995-hhx8q';
const SLEEP = 'sleep-5577c64d7c-9xn2w';
const inVariant = (scenario: string) => lab({ scenario, at: 'node', tty: false });
const hopsWithoutLinks = (l: ReturnType<typeof lab>): string[] => run(l, 'hops').stdout.split('\n').filter((x) => !x.includes('see /'));

describe('outboundTrafficPolicy REGISTRY_ONLY (bookinfo-registry-only)', () => {
	it('HTTP to a host the registry does not know: the `block_all` virtual host answers 502 itself', () => {
		const l = inVariant('bookinfo-registry-only');
		expect(run(l, `kubectl exec ${RATINGS} -c ratings -- curl -sSi http://10.244.1.6:9080/details/0`)).toEqual({
			stdout: 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\ndate: Sat, 21 Nov 2026 05:40:02 GMT\r\nserver: envoy\r\n\r\n',
			stderr: '',
			exitCode: 0,
		});
		expect(hopsWithoutLinks(l)).toMatchInlineSnapshot(`
			[
			  "GET http://10.244.1.6:9080/details/0 from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: 502",
			  " 1. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.244.1.6:9080",
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  " 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT",
			  " 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_REDIRECT rule 1: -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001",
			  " 5. [ratings-v1-7c9bd4b87f-7xmbz] accepted by envoy/virtualOutbound on 127.0.0.1:15001 (original destination 10.244.1.6:9080)",
			  " 6. [ratings-v1-7c9bd4b87f-7xmbz] virtualOutbound hands the connection to listener 0.0.0.0_9080",
			  " 7. [ratings-v1-7c9bd4b87f-7xmbz] listener 0.0.0.0_9080, filter chain - (envoy.filters.network.http_connection_manager)",
			  " 8. [ratings-v1-7c9bd4b87f-7xmbz] route config 9080, virtual host block_all, route block_all",
			  " 9. [ratings-v1-7c9bd4b87f-7xmbz] Envoy: 502 - direct_response",
			  "    [2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 502 - direct_response - "-" 0 0 0 - "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "10.244.1.6:9080" "-" - - 10.244.1.6:9080 10.244.1.7:47854 - block_all",
			  "",
			]
		`);
		expect(run(l, `kubectl logs ${DETAILS} -c istio-proxy`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
	});

	it('TCP to an unknown destination: virtualOutbound’s catch-all sends it to BlackHoleCluster, which closes it (UH)', () => {
		const l = inVariant('bookinfo-registry-only');
		expect(run(l, `kubectl exec ${RATINGS} -c ratings -- curl -sS http://10.244.1.6:8000/`)).toEqual({
			stdout: '',
			stderr: 'curl: (52) Empty reply from server\ncommand terminated with exit code 52\n',
			exitCode: 52,
		});
		expect(hopsWithoutLinks(l)).toMatchInlineSnapshot(`
			[
			  "GET http://10.244.1.6:8000/ from default/ratings-v1-7c9bd4b87f-7xmbz/ratings: no HTTP answer",
			  " 1. [ratings-v1-7c9bd4b87f-7xmbz] curl (uid 1000) connects 10.244.1.7:47854 -> 10.244.1.6:8000",
			  " 2. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, OUTPUT rule 1: -A OUTPUT -j ISTIO_OUTPUT",
			  " 3. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT",
			  " 4. [ratings-v1-7c9bd4b87f-7xmbz] nat OUTPUT, ISTIO_REDIRECT rule 1: -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001",
			  " 5. [ratings-v1-7c9bd4b87f-7xmbz] accepted by envoy/virtualOutbound on 127.0.0.1:15001 (original destination 10.244.1.6:8000)",
			  " 6. [ratings-v1-7c9bd4b87f-7xmbz] listener virtualOutbound, filter chain virtualOutbound-catchall-tcp (envoy.filters.network.tcp_proxy)",
			  " 7. [ratings-v1-7c9bd4b87f-7xmbz] cluster BlackHoleCluster (STATIC)",
			  " 8. [ratings-v1-7c9bd4b87f-7xmbz] stops: BlackHoleCluster drops the connection (BlackHoleCluster)",
			  "",
			]
		`);
		expect(run(l, `kubectl logs ${RATINGS} -c istio-proxy`).stdout).toMatchInlineSnapshot(`
			"[2026-11-21T05:40:02.000Z] "- - -" 0 UH - - "-" 0 0 0 - "-" "-" "-" "-" "-" BlackHoleCluster - 10.244.1.6:8000 10.244.1.7:47854 - -
			"
		`);
	});

	it('the hosts of the registry still pass: a Service name is routed as in bookinfo', () => {
		const l = inVariant('bookinfo-registry-only');
		expect(run(l, fromRatings('http://details:9080/details/0'))).toEqual({ stdout: '200\n', stderr: '', exitCode: 0 });
		expect(run(l, `kubectl logs ${RATINGS} -c istio-proxy`).stdout).toMatchInlineSnapshot(`
			"[2026-11-21T05:40:02.000Z] "GET /details/0 HTTP/1.1" 200 - via_upstream - "-" 0 178 5 4 "-" "curl/7.88.1" "f4c3755b-cd4e-408b-aae6-214bbe8a9cae" "details:9080" "10.244.1.6:9080" outbound|9080||details.default.svc.cluster.local 10.244.1.7:54711 10.96.0.50:9080 10.244.1.7:47854 - default
			"
		`);
	});
});

describe('an app listening only on 127.0.0.1 (bookinfo-localhost)', () => {
	it('the inbound cluster dials the pod IP from 127.0.0.6: refused three times (reset-before-request retries), 503 UF,URX', () => {
		const l = inVariant('bookinfo-localhost');
		expect(run(l, `kubectl exec ${SLEEP} -c sleep -- curl -sS http://productpage:9080/productpage`)).toEqual({
			stdout: 'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111',
			stderr: '',
			exitCode: 0,
		});
		expect(hopsWithoutLinks(l)).toMatchInlineSnapshot(`
			[
			  "GET http://productpage:9080/productpage from default/sleep-5577c64d7c-9xn2w/sleep: 503",
			  " 1. [sleep-5577c64d7c-9xn2w] DNS: productpage is 10.96.113.74",
			  " 2. [sleep-5577c64d7c-9xn2w] curl (uid 100) connects 10.244.1.11:47854 -> 10.96.113.74:9080",
			  " 3. [productpage-v1-54bb874995-hhx8q] nat PREROUTING, PREROUTING rule 1: -A PREROUTING -p tcp -j ISTIO_INBOUND",
			  " 4. [productpage-v1-54bb874995-hhx8q] nat PREROUTING, ISTIO_INBOUND rule 5: -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT",
			  " 5. [productpage-v1-54bb874995-hhx8q] nat PREROUTING, ISTIO_IN_REDIRECT rule 1: -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006",
			  " 6. [productpage-v1-54bb874995-hhx8q] accepted by envoy/virtualInbound on 10.244.1.5:15006 (original destination 10.244.1.5:9080)",
			  " 7. [productpage-v1-54bb874995-hhx8q] listener virtualInbound, filter chain 0.0.0.0_9080 (envoy.filters.network.http_connection_manager)",
			  " 8. [productpage-v1-54bb874995-hhx8q] route config inbound|9080||, virtual host inbound|http|9080, route default",
			  " 9. [productpage-v1-54bb874995-hhx8q] cluster inbound|9080|| (ORIGINAL_DST, upstream bound to 127.0.0.6)",
			  "10. [productpage-v1-54bb874995-hhx8q] stops: the upstream refused the connection (10.244.1.5:9080)",
			  "11. [productpage-v1-54bb874995-hhx8q] stops: the upstream refused the connection (10.244.1.5:9080)",
			  "12. [productpage-v1-54bb874995-hhx8q] stops: the upstream refused the connection (10.244.1.5:9080)",
			  "13. [productpage-v1-54bb874995-hhx8q] Envoy: 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111}",
			  "    [2026-11-21T05:40:02.000Z] "GET /productpage HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111} - "delayed_connect_error:_111" 0 175 48 - "-" "curl/8.14.1" "4c3755bc-d4e6-48b6-ae62-14bbe8a9cae7" "productpage:9080" "10.244.1.5:9080" inbound|9080|| - 10.244.1.5:9080 10.244.1.11:47854 - default",
			  "",
			]
		`);
		expect(run(l, `kubectl logs ${PRODUCTPAGE} -c istio-proxy`).stdout).toMatchInlineSnapshot(`
			"[2026-11-21T05:40:02.000Z] "GET /productpage HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{remote_connection_failure|delayed_connect_error:_111} - "delayed_connect_error:_111" 0 175 48 - "-" "curl/8.14.1" "4c3755bc-d4e6-48b6-ae62-14bbe8a9cae7" "productpage:9080" "10.244.1.5:9080" inbound|9080|| - 10.244.1.5:9080 10.244.1.11:47854 - default
			"
		`);
	});

	it('ss shows why: the app listens on 127.0.0.1:9080, where the pod’s own loopback still reaches it', () => {
		const l = inVariant('bookinfo-localhost');
		expect(run(l, `kubectl exec ${PRODUCTPAGE} -c istio-proxy -- ss -ltn 'sport = :9080'`)).toMatchInlineSnapshot(`
			{
			  "exitCode": 0,
			  "stderr": "",
			  "stdout": "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
			LISTEN 0      2048       127.0.0.1:9080      0.0.0.0:*          
			",
			}
		`);
		expect(run(l, `kubectl exec ${PRODUCTPAGE} -c istio-proxy -- curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:9080/productpage`)).toMatchInlineSnapshot(`
			{
			  "exitCode": 0,
			  "stderr": "",
			  "stdout": "200
			",
			}
		`);
	});
});
