import { describe, expect, it } from 'vitest';
import { anchorsOf, defaultRequest } from '../../../src/components/request-path/build';
import { announcement, linkOf, renderRequestPath } from '../../../src/components/request-path/render';
import { stationsOf } from '../../../src/components/request-path/stations';
import { stationLines } from '../../../src/components/request-path/text';
import type { RequestPath } from '../../../src/mesh/types';
import { lab, run } from '../lab/helpers';

// The step list -> stations mapping of the <RequestPath> diagram, whole structures: the default
// request (computed by src/mesh at build time), a request that stops at DNS, one Envoy answers
// with 404 NR, and one from a pod without a sidecar. Each station's facts are what its hops say.

const RATINGS = 'ratings-v1-7c9bd4b87f-7xmbz';

function requestOf(...lines: string[]): RequestPath {
	const l = lab({ at: 'node', tty: false });
	run(l, ...lines);
	const p = l.handle.world.lastRequest;
	if (p === undefined) throw new Error(`no request after ${lines.join('; ')}`);
	return p;
}

/** Every station as the diagram draws it: id, state, hop numbers (1-based, as `hops` prints them) and its lines. */
const drawn = (p: RequestPath) => {
	const s = stationsOf(p);
	return { source: s.source, destination: s.destination, stations: s.stations.map((st) => `${st.id} ${st.state} [${st.hops.map((i) => i + 1).join(',')}] ${stationLines(st, p).join(' | ')}`) };
};

describe('stations of a request', () => {
	it('the default request: productpage calls reviews, every station on the path', () => {
		const p = defaultRequest();
		expect(`${p.method} ${p.url} ${p.from} ${p.status}`).toBe('GET http://reviews:9080/reviews/0 default/productpage-v1-54bb874995-hhx8q/productpage 200');
		expect(drawn(p)).toEqual({
			source: 'default/productpage-v1-54bb874995-hhx8q',
			destination: 'default/reviews-v2-6f85cb9b7c-kz4n9',
			stations: [
				'client on-path [1,2] gunicorn (uid 1000) | 10.244.1.5:48123 → 10.96.212.9:9080',
				'out-rules on-path [3,4,5] ISTIO_OUTPUT 9 → ISTIO_REDIRECT 1 | → REDIRECT 15001',
				'envoy-out on-path [6] virtualOutbound 127.0.0.1:15001 | SO_ORIGINAL_DST 10.96.212.9:9080',
				'out-config on-path [7,8,9,10,11] 0.0.0.0_9080 · route 9080 | outbound|9080||reviews.default.svc.cluster.local | LEAST_REQUEST → 10.244.1.9:9080',
				'wire on-path [12,13,14] envoy 10.244.1.5:41290 → 10.244.1.9:9080 | ISTIO_OUTPUT 4 → RETURN',
				'in-rules on-path [15,16,17] ISTIO_INBOUND 5 → ISTIO_IN_REDIRECT 1 | → REDIRECT 15006',
				'envoy-in on-path [18] virtualInbound 10.244.1.9:15006 | SO_ORIGINAL_DST 10.244.1.9:9080',
				'in-config on-path [19,20,21,22,23,24] inbound|9080|| | 127.0.0.6:44077 → 10.244.1.9:9080 | ISTIO_OUTPUT 1 → RETURN',
				'server on-path [25,26] java 10.244.1.9:9080',
				'response on-path [27,28] 200 ← 200',
			],
		});
		// The nested call reviews v2 made to ratings stays inside the app hop.
		const app = p.hops[25];
		expect(app?.kind === 'app' ? app.calls.map((c) => `${c.method} ${c.url} ${c.status} ${c.hops.length}`) : []).toEqual(['GET http://ratings:9080/ratings/0 200 28']);
	});

	it('a name that does not resolve: the client station is where it stopped, the rest is not reached', () => {
		const p = requestOf(`kubectl exec ${RATINGS} -c ratings -- curl -sS http://nosuch:9080/`);
		expect(drawn(p)).toEqual({
			source: 'default/ratings-v1-7c9bd4b87f-7xmbz',
			destination: '',
			stations: [
				'client stopped [1] ✗ nxdomain nosuch',
				'out-rules not-reached [] ',
				'envoy-out not-reached [] ',
				'out-config not-reached [] ',
				'wire not-reached [] ',
				'in-rules not-reached [] ',
				'envoy-in not-reached [] ',
				'in-config not-reached [] ',
				'server not-reached [] ',
				'response not-reached [] ',
			],
		});
	});

	it('an unknown Host goes through PassthroughCluster; the app itself answers 404', () => {
		const p = requestOf(`kubectl exec ${RATINGS} -c ratings -- curl -s -H 'Host: nosuch.example' http://details:9080/`);
		expect(drawn(p).stations).toEqual([
			'client on-path [1,2] curl (uid 1000) | 10.244.1.7:47854 → 10.96.0.50:9080',
			'out-rules on-path [3,4,5] ISTIO_OUTPUT 9 → ISTIO_REDIRECT 1 | → REDIRECT 15001',
			'envoy-out on-path [6] virtualOutbound 127.0.0.1:15001 | SO_ORIGINAL_DST 10.96.0.50:9080',
			'out-config on-path [7,8,9,10,11] 0.0.0.0_9080 · route 9080 | PassthroughCluster | CLUSTER_PROVIDED → 10.96.0.50:9080',
			'wire on-path [12,13,14] envoy 10.244.1.7:54711 → 10.96.0.50:9080 | ISTIO_OUTPUT 4 → RETURN',
			'in-rules on-path [15,16,17] ISTIO_INBOUND 5 → ISTIO_IN_REDIRECT 1 | → REDIRECT 15006',
			'envoy-in on-path [18] virtualInbound 10.244.1.6:15006 | SO_ORIGINAL_DST 10.244.1.6:9080',
			'in-config on-path [19,20,21,22,23,24] inbound|9080|| | 127.0.0.6:57383 → 10.244.1.6:9080 | ISTIO_OUTPUT 1 → RETURN',
			'server on-path [25,26] ruby 10.244.1.6:9080',
			'response on-path [27,28] 404 ← 404',
		]);
	});

	it('a port nobody listens on behind the peer: the peer\'s sidecar cannot connect its app, 503 UF,URX after the retries', () => {
		const p = requestOf(`kubectl exec ${RATINGS} -c ratings -- curl -sS http://10.244.1.6:8000/`);
		expect(drawn(p).stations).toEqual([
			'client on-path [1] curl (uid 1000) | 10.244.1.7:47854 → 10.244.1.6:8000',
			'out-rules on-path [2,3,4] ISTIO_OUTPUT 9 → ISTIO_REDIRECT 1 | → REDIRECT 15001',
			'envoy-out on-path [5] virtualOutbound 127.0.0.1:15001 | SO_ORIGINAL_DST 10.244.1.6:8000',
			'out-config on-path [6,7] PassthroughCluster',
			'wire on-path [8,9,10] envoy 10.244.1.7:54711 → 10.244.1.6:8000 | ISTIO_OUTPUT 4 → RETURN',
			'in-rules on-path [11,12,13] ISTIO_INBOUND 5 → ISTIO_IN_REDIRECT 1 | → REDIRECT 15006',
			'envoy-in on-path [14] virtualInbound 10.244.1.6:15006 | SO_ORIGINAL_DST 10.244.1.6:8000',
			// Refused three times: the first try and Istio's two default retries (URX).
			'in-config stopped [15,16,17,18,19,20] InboundPassthroughCluster | ✗ upstream-connect 10.244.1.6:8000',
			'server not-reached [] ',
			'response on-path [21] 503 UF,URX',
		]);
	});

	it('from a pod without a sidecar: no outbound capture, straight to the server pod\'s 15006', () => {
		const p = requestOf('kubectl exec sleep-5577c64d7c-9xn2w -c sleep -- curl -s http://details:9080/details/0');
		expect(drawn(p).stations.map((s) => s.split(' [')[0])).toEqual([
			'client on-path',
			'out-rules skipped',
			'envoy-out skipped',
			'out-config skipped',
			'wire skipped',
			'in-rules on-path',
			'envoy-in on-path',
			'in-config on-path',
			'server on-path',
			'response on-path',
		]);
	});

	it('is plain data: a JSON round trip draws the same picture', () => {
		const p = defaultRequest();
		const back = JSON.parse(JSON.stringify(p)) as RequestPath;
		expect(back).toEqual(p);
		const opts = { lang: 'en' as const, sections: new Set(['request-path#dns']), id: 'rp' };
		expect(renderRequestPath(back, opts)).toBe(renderRequestPath(p, opts));
	});
});

describe('links and words', () => {
	it('a hop links to its section only when a lesson has it', () => {
		const opts = { lang: 'zh' as const, sections: new Set(['iptables-capture#rule-9']), id: 'rp' };
		expect(linkOf('iptables-capture#rule-9', opts)).toBe('/zh/lessons/iptables-capture/#rule-9');
		expect(linkOf('request-path#dns', opts)).toBeUndefined();
		const html = renderRequestPath(defaultRequest(), opts);
		expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/zh/lessons/iptables-capture/#rule-9', '/zh/lessons/iptables-capture/#rule-9']);
	});

	it('reads heading ids as the markdown plugin writes them', () => {
		expect(anchorsOf('## Rule 1 {/* #rule-1 */}\ntext {#not-a-heading-but-a-marker}\n## 出站 {/*#out*/}\n')).toEqual(['rule-1', 'not-a-heading-but-a-marker', 'out']);
	});

	it('announces the whole path, then one hop at a time, in both languages', () => {
		const p = defaultRequest();
		expect([-1, 3, 27].map((i) => announcement(p, i, 'en'))).toEqual([
			'Whole path: GET http://reviews:9080/reviews/0 · 200',
			'Hop 4 of 28, iptables nat OUTPUT: nat OUTPUT, ISTIO_OUTPUT rule 9: -A ISTIO_OUTPUT -j ISTIO_REDIRECT',
			'Hop 28 of 28, Response: Envoy: 200 - via_upstream',
		]);
		expect(announcement(p, 20, 'zh')).toBe('第 21 跳，共 28 跳，入站集群、127.0.0.6：集群 inbound|9080||（ORIGINAL_DST，上游连接绑定 127.0.0.6）');
	});
});
