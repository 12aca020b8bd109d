// The diagram's own words, in English and Chinese, and the short facts each station shows (read
// from its hops: rule numbers, ports, Envoy configuration names as the tools print them, so they
// stay the same in both languages). The hop sentences of the text list are the `hops` command's
// own (src/commands/hops/render.ts hopText), so the terminal and the picture never disagree.

import type { Hop, RequestPath } from '../../mesh/types';
import type { Station, StationId, StationState } from './stations';

export type DiagramLang = 'en' | 'zh';

interface Words {
	readonly title: string;
	readonly desc: (p: RequestPath) => string;
	readonly station: Record<StationId, string>;
	readonly state: Record<Exclude<StationState, 'on-path'>, string>;
	readonly current: string;
	readonly noPod: string;
	readonly listLabel: string;
	readonly noHops: string;
	readonly calls: string;
	readonly controls: string;
	readonly previous: string;
	readonly next: string;
	readonly whole: string;
	readonly step: (n: number, of: number, station: string, text: string) => string;
	readonly overview: (p: RequestPath) => string;
	readonly following: string;
}

const head = (p: RequestPath, none: string): string => `${p.method} ${p.url} · ${p.status === 0 ? none : p.status}`;

export const WORDS: Record<DiagramLang, Words> = {
	en: {
		title: 'The path of one request through two sidecars',
		desc: (p) => `${p.method} ${p.url} from ${p.from}, ${p.status === 0 ? 'no HTTP answer' : `answered ${p.status}`}. Each box is a place the request passes, in order; the numbered list after the picture describes every hop and links to the lesson section that explains it.`,
		station: {
			client: 'Client app',
			'out-rules': 'iptables nat OUTPUT',
			'envoy-out': 'Envoy outbound 15001',
			'out-config': 'Listener, route, cluster, endpoint',
			wire: 'On the wire',
			'in-rules': 'iptables nat PREROUTING',
			'envoy-in': 'Envoy inbound 15006',
			'in-config': 'Inbound cluster, 127.0.0.6',
			server: 'Server app',
			response: 'Response',
		},
		state: { stopped: 'stopped here', 'not-reached': 'not reached', skipped: 'not on this path' },
		current: 'now',
		noPod: '(none)',
		listLabel: 'Every hop of the request',
		noHops: 'No hop here for this request.',
		calls: 'calls it made while answering:',
		controls: 'Step through the request',
		previous: 'Previous hop',
		next: 'Next hop',
		whole: 'Whole path',
		step: (n, of, station, text) => `Hop ${n} of ${of}, ${station}: ${text}`,
		overview: (p) => `Whole path: ${head(p, 'no HTTP answer')}`,
		following: 'The diagram follows the lab: run curl there and it shows that request.',
	},
	zh: {
		title: '一个请求穿过两个 Sidecar 的路径',
		desc: (p) => `${p.method} ${p.url}，发自 ${p.from}，${p.status === 0 ? '没有 HTTP 应答' : `应答 ${p.status}`}。每个方框是请求依次经过的一处；图后的编号列表逐跳说明，并链接到讲解它的课程小节。`,
		station: {
			client: '客户端应用',
			'out-rules': 'iptables nat OUTPUT',
			'envoy-out': 'Envoy 出站 15001',
			'out-config': '监听器、路由、集群、端点',
			wire: '网络上',
			'in-rules': 'iptables nat PREROUTING',
			'envoy-in': 'Envoy 入站 15006',
			'in-config': '入站集群、127.0.0.6',
			server: '服务端应用',
			response: '响应',
		},
		state: { stopped: '在此中止', 'not-reached': '未到达', skipped: '不经过这里' },
		current: '当前',
		noPod: '（无）',
		listLabel: '请求的每一跳',
		noHops: '这个请求不经过这里。',
		calls: '应答前它自己发出的请求：',
		controls: '逐跳查看请求',
		previous: '上一跳',
		next: '下一跳',
		whole: '完整路径',
		step: (n, of, station, text) => `第 ${n} 跳，共 ${of} 跳，${station}：${text}`,
		overview: (p) => `完整路径：${head(p, '没有 HTTP 应答')}`,
		following: '图会跟随实验：在终端里运行 curl，这里就显示那个请求。',
	},
};

const hp = (e: { address: string; port: number }): string => `${e.address}:${e.port}`;

/** `-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001` -> `REDIRECT 15001`. */
function targetOf(text: string): string {
	const m = /-j (\S+)(?: --to-ports (\d+))?/.exec(text);
	if (m === null) return '';
	return m[2] === undefined ? (m[1] ?? '') : `${m[1] ?? ''} ${m[2]}`;
}

/** The rules a station's connection matched: `ISTIO_OUTPUT 9 → ISTIO_REDIRECT 1`, then the final verdict. */
function ruleLines(hops: readonly Hop[], oneLine = false): string[] {
	const rules = hops.filter((h): h is Extract<Hop, { kind: 'rule' }> => h.kind === 'rule');
	if (rules.length === 0) return [];
	const chained = rules.filter((r) => r.chain !== r.hook);
	const shown = (chained.length > 0 ? chained : rules).map((r) => `${r.chain} ${r.rule}`);
	const last = rules[rules.length - 1];
	const target = last === undefined ? '' : `→ ${targetOf(last.text)}`;
	return oneLine ? [`${shown.join(' → ')} ${target}`] : [shown.join(' → '), target];
}

/** At most three short lines of facts for a station, from its hops; language-neutral names. */
export function stationLines(station: Station, path: RequestPath): string[] {
	const hops = station.hops.map((i) => path.hops[i]).filter((h): h is Hop => h !== undefined);
	const of = <K extends Hop['kind']>(kind: K): Extract<Hop, { kind: K }> | undefined => hops.find((h): h is Extract<Hop, { kind: K }> => h.kind === kind);
	const lines: string[] = [];
	switch (station.id) {
		case 'client': {
			const c = of('connect');
			const r = of('resolve');
			if (c !== undefined) lines.push(`${c.process} (uid ${c.uid})`, `${hp(c.local)} → ${hp(c.remote)}`);
			else if (r !== undefined) lines.push(`${r.name} → ${r.address}`);
			break;
		}
		case 'out-rules':
		case 'in-rules':
			lines.push(...ruleLines(hops));
			break;
		case 'wire': {
			const u = of('upstream');
			if (u !== undefined) lines.push(`envoy ${hp(u.local)} → ${hp(u.remote)}${u.reused ? ' (pool)' : ''}`);
			lines.push(...ruleLines(hops, true));
			break;
		}
		case 'envoy-out':
		case 'envoy-in': {
			const s = of('socket');
			if (s !== undefined) lines.push(`${s.label.replace('envoy/', '')} ${hp(s.local)}`, `SO_ORIGINAL_DST ${hp(s.originalDst)}`);
			break;
		}
		case 'out-config': {
			const l = of('listener');
			const r = of('route');
			const c = of('cluster');
			const e = hops.filter((h): h is Extract<Hop, { kind: 'endpoint' }> => h.kind === 'endpoint').pop();
			const first = [l?.name, r === undefined ? undefined : `route ${r.config}`].filter((x) => x !== undefined).join(' · ');
			if (first !== '') lines.push(first);
			if (c !== undefined) lines.push(c.name);
			if (e !== undefined) lines.push(`${e.policy} → ${hp(e.address)}`);
			break;
		}
		case 'in-config': {
			const c = of('cluster');
			const u = of('upstream');
			if (c !== undefined) lines.push(c.name);
			if (u !== undefined) lines.push(`${hp(u.local)} → ${hp(u.remote)}`);
			lines.push(...ruleLines(hops, true));
			break;
		}
		case 'server': {
			const a = of('app');
			const s = of('socket');
			if (a !== undefined) lines.push(`${a.process} ${hp(a.local)}`);
			else if (s !== undefined) lines.push(`${s.label} ${hp(s.local)}`);
			break;
		}
		case 'response': {
			const r = hops.filter((h): h is Extract<Hop, { kind: 'response' }> => h.kind === 'response');
			// The server side's answer first, then what the client's Envoy relayed: `200 ← 200`, `404 NR`.
			if (r.length > 0) lines.push(r.map((x) => `${x.status}${x.flags === '-' ? '' : ` ${x.flags}`}`).join(' ← '));
			break;
		}
	}
	const f = of('failure');
	if (f !== undefined) lines.push(`✗ ${f.what} ${f.detail}`);
	return lines.slice(-3);
}
