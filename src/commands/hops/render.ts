// One request's path as text, hop by hop, in the learner's language: the rule numbers and Envoy
// configuration names as the tools print them, each hop with the lesson section explaining it.
// The same RequestPath draws the <RequestPath> diagram (src/components/request-path).

import type { Hop, RequestPath } from '../../mesh/types';
import type { Lang } from '../../shell/types';

const hostPort = (e: { address: string; port: number }): string => `${e.address}:${e.port}`;

/** `/en/lessons/request-path/#listener-15001` for a section `request-path#listener-15001`. */
export function sectionUrl(section: string, lang: Lang): string {
	const [slug, anchor] = section.split('#');
	return `/${lang}/lessons/${slug ?? ''}/${anchor === undefined ? '' : `#${anchor}`}`;
}

/** The pod's short name, as kubectl prints it (`reviews-v1-6584ddcf65-dq2tx`). */
const podName = (key: string): string => key.slice(key.indexOf('/') + 1);

const EN = {
	resolve: (h: Extract<Hop, { kind: 'resolve' }>) => `DNS: ${h.name} is ${h.address}`,
	connect: (h: Extract<Hop, { kind: 'connect' }>) => `${h.process} (uid ${h.uid}) connects ${hostPort(h.local)} -> ${hostPort(h.remote)}`,
	rule: (h: Extract<Hop, { kind: 'rule' }>) => `nat ${h.hook}, ${h.chain} rule ${h.rule}: ${h.text}`,
	socket: (h: Extract<Hop, { kind: 'socket' }>) => `accepted by ${h.label} on ${hostPort(h.local)} (original destination ${hostPort(h.originalDst)})`,
	listener: (h: Extract<Hop, { kind: 'listener' }>) => `virtualOutbound hands the connection to listener ${h.name}`,
	chain: (h: Extract<Hop, { kind: 'filter-chain' }>) => `listener ${h.listener}, filter chain ${h.chain} (${h.filter})`,
	route: (h: Extract<Hop, { kind: 'route' }>) => `route config ${h.config}, virtual host ${h.virtualHost}, route ${h.route}`,
	cluster: (h: Extract<Hop, { kind: 'cluster' }>) => `cluster ${h.name} (${h.type}${h.bind !== undefined ? `, upstream bound to ${h.bind}` : ''})`,
	endpoint: (h: Extract<Hop, { kind: 'endpoint' }>) => `endpoint ${hostPort(h.address)} (${h.policy}, ${h.of} healthy)`,
	upstream: (h: Extract<Hop, { kind: 'upstream' }>) => (h.reused ? `reuses pooled connection ${hostPort(h.local)} -> ${hostPort(h.remote)}` : `envoy (uid 1337) connects ${hostPort(h.local)} -> ${hostPort(h.remote)}`),
	app: (h: Extract<Hop, { kind: 'app' }>) => `${h.process} answers on ${hostPort(h.local)}${h.calls.length > 0 ? `, after ${h.calls.length} call${h.calls.length > 1 ? 's' : ''} of its own:` : ''}`,
	response: (h: Extract<Hop, { kind: 'response' }>) => `Envoy: ${h.status} ${h.flags} ${h.details}`,
	failure: (h: Extract<Hop, { kind: 'failure' }>) => `stops: ${FAIL_EN[h.what]} (${h.detail})`,
	head: (p: RequestPath) => `${p.method} ${p.url} from ${p.from}: ${p.status === 0 ? 'no HTTP answer' : p.status}`,
	none: 'hops: no request has been made in this lab yet; try: hops curl -s http://reviews:9080/reviews/0\n',
	see: 'see',
};

const FAIL_EN: Record<Extract<Hop, { kind: 'failure' }>['what'], string> = {
	nxdomain: 'the name does not resolve',
	refused: 'connection refused',
	timeout: 'no answer, the connect timed out',
	unreachable: 'no route to the host',
	'no-route': 'no route matches (404 NR)',
	'upstream-connect': 'the upstream refused the connection',
	blackhole: 'BlackHoleCluster drops the connection',
	unmodelled: 'beyond what this lab models',
};

const FAIL_ZH: typeof FAIL_EN = {
	nxdomain: '域名无法解析',
	refused: '连接被拒绝',
	timeout: '没有应答，连接超时',
	unreachable: '没有到该主机的路由',
	'no-route': '没有匹配的路由（404 NR）',
	'upstream-connect': '上游拒绝了连接',
	blackhole: 'BlackHoleCluster 丢弃了连接',
	unmodelled: '超出本实验的模拟范围',
};

const ZH: typeof EN = {
	resolve: (h) => `DNS：${h.name} 解析为 ${h.address}`,
	connect: (h) => `${h.process}（uid ${h.uid}）发起连接 ${hostPort(h.local)} -> ${hostPort(h.remote)}`,
	rule: (h) => `nat 表 ${h.hook}，${h.chain} 第 ${h.rule} 条规则：${h.text}`,
	socket: (h) => `由 ${h.label} 在 ${hostPort(h.local)} 接受（原始目的地址 ${hostPort(h.originalDst)}）`,
	listener: (h) => `virtualOutbound 把连接交给监听器 ${h.name}`,
	chain: (h) => `监听器 ${h.listener}，过滤器链 ${h.chain}（${h.filter}）`,
	route: (h) => `路由配置 ${h.config}，虚拟主机 ${h.virtualHost}，路由 ${h.route}`,
	cluster: (h) => `集群 ${h.name}（${h.type}${h.bind !== undefined ? `，上游连接绑定 ${h.bind}` : ''}）`,
	endpoint: (h) => `端点 ${hostPort(h.address)}（${h.policy}，共 ${h.of} 个健康端点）`,
	upstream: (h) => (h.reused ? `复用连接池中的连接 ${hostPort(h.local)} -> ${hostPort(h.remote)}` : `envoy（uid 1337）发起连接 ${hostPort(h.local)} -> ${hostPort(h.remote)}`),
	app: (h) => `${h.process} 在 ${hostPort(h.local)} 应答${h.calls.length > 0 ? `，之前它自己发出了 ${h.calls.length} 个请求：` : ''}`,
	response: (h) => `Envoy：${h.status} ${h.flags} ${h.details}`,
	failure: (h) => `在此中止：${FAIL_ZH[h.what]}（${h.detail}）`,
	head: (p) => `${p.method} ${p.url}，发自 ${p.from}：${p.status === 0 ? '没有 HTTP 应答' : p.status}`,
	none: 'hops：本实验中还没有发出过请求；试试：hops curl -s http://reviews:9080/reviews/0\n',
	see: '参见',
};

export function hopText(h: Hop, lang: Lang): string {
	const m = lang === 'zh' ? ZH : EN;
	switch (h.kind) {
		case 'resolve':
			return m.resolve(h);
		case 'connect':
			return m.connect(h);
		case 'rule':
			return m.rule(h);
		case 'socket':
			return m.socket(h);
		case 'listener':
			return m.listener(h);
		case 'filter-chain':
			return m.chain(h);
		case 'route':
			return m.route(h);
		case 'cluster':
			return m.cluster(h);
		case 'endpoint':
			return m.endpoint(h);
		case 'upstream':
			return m.upstream(h);
		case 'app':
			return m.app(h);
		case 'response':
			return m.response(h);
		case 'failure':
			return m.failure(h);
	}
}

/** The whole path: a heading, then one numbered hop a line with its lesson link; calls nested. */
export function renderPath(p: RequestPath, lang: Lang, indent = ''): string {
	const m = lang === 'zh' ? ZH : EN;
	let out = `${indent}${m.head(p)}\n`;
	p.hops.forEach((h, i) => {
		out += `${indent}${String(i + 1).padStart(2)}. [${podName(h.where)}] ${hopText(h, lang)}\n`;
		out += `${indent}    ${m.see} ${sectionUrl(h.section, lang)}\n`;
		if (h.kind === 'response' && h.log !== undefined) out += `${indent}    ${h.log}`;
		if (h.kind === 'app') for (const c of h.calls) out += renderPath(c, lang, `${indent}      `);
	});
	return out;
}

export const noRequest = (lang: Lang): string => (lang === 'zh' ? ZH : EN).none;
