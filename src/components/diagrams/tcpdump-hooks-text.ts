// The words of TcpdumpHooks.astro in both languages: three paths through a sidecar pod, each a row
// of steps in the order a packet meets them. `tap` marks where tcpdump takes its copy; addresses
// and ports stay as the tools print them.

import type { Lang } from '../../i18n/ui';

export interface HookStep {
	readonly label: string;
	readonly note: string;
	readonly kind: 'end' | 'hook' | 'tap';
}

export interface HookRow {
	readonly title: string;
	/** The lesson section that shows this path in the lab. */
	readonly href: string;
	readonly steps: readonly HookStep[];
}

export interface TcpdumpHooksText {
	readonly title: string;
	readonly desc: string;
	readonly caption: string;
	readonly rows: readonly HookRow[];
}

export const TCPDUMP_HOOKS_TEXT: Readonly<Record<Lang, TcpdumpHooksText>> = {
	en: {
		title: 'Where tcpdump sees a packet, compared with the netfilter hooks',
		desc:
			'Inbound: a packet from a peer pod arrives on eth0; tcpdump copies it there, with destination port 9080, before PREROUTING redirects it to 15006 and INPUT delivers it to Envoy. ' +
			'Outbound: the app sends to a Service address; nat OUTPUT rewrites the destination to 127.0.0.1:15001 and POSTROUTING passes it to lo, where tcpdump copies it, already rewritten, before it comes back in to Envoy. ' +
			'Envoy upstream: Envoy, uid 1337, connects to the chosen pod; OUTPUT returns it unchanged, and tcpdump on eth0 copies it after POSTROUTING, encrypted with mTLS.',
		caption: 'On the way in tcpdump sees a packet before netfilter, on the way out after it. Each row links to its section.',
		rows: [
			{
				title: 'Inbound: peer → app',
				href: '#capture-points',
				steps: [
					{ label: 'wire', note: 'from 10.244.1.6', kind: 'end' },
					{ label: 'tcpdump -i eth0', note: 'dst 10.244.1.5.9080', kind: 'tap' },
					{ label: 'PREROUTING', note: 'REDIRECT → :15006', kind: 'hook' },
					{ label: 'INPUT', note: 'local delivery', kind: 'hook' },
					{ label: 'Envoy', note: ':15006', kind: 'end' },
				],
			},
			{
				title: 'Outbound: app → Service',
				href: '#outbound-stream',
				steps: [
					{ label: 'app', note: '→ 10.96.0.50:9080', kind: 'end' },
					{ label: 'OUTPUT', note: 'REDIRECT → :15001', kind: 'hook' },
					{ label: 'POSTROUTING', note: 'out on lo', kind: 'hook' },
					{ label: 'tcpdump -i lo', note: 'dst 127.0.0.1.15001', kind: 'tap' },
					{ label: 'Envoy', note: ':15001', kind: 'end' },
				],
			},
			{
				title: 'Envoy upstream: mTLS',
				href: '#mtls-and-plaintext',
				steps: [
					{ label: 'Envoy', note: 'uid 1337', kind: 'end' },
					{ label: 'OUTPUT', note: 'rule 4: RETURN', kind: 'hook' },
					{ label: 'POSTROUTING', note: 'out on eth0', kind: 'hook' },
					{ label: 'tcpdump -i eth0', note: 'TLS bytes', kind: 'tap' },
					{ label: 'wire', note: 'to the peer', kind: 'end' },
				],
			},
		],
	},
	zh: {
		title: 'tcpdump 在哪里看到数据包：与 netfilter 钩子的相对位置',
		desc:
			'入站：对端 Pod 的包从 eth0 到达，tcpdump 在这里复制它，此时目的端口还是 9080；之后 PREROUTING 才把它重定向到 15006，再由 INPUT 交给 Envoy。' +
			'出站：应用发往 Service 地址，nat 表的 OUTPUT 把目的地址改写为 127.0.0.1:15001，POSTROUTING 把包交给 lo，tcpdump 在 lo 上复制到的已经是改写后的包，随后包再从 lo 进来交给 Envoy。' +
			'Envoy 上游：Envoy 以 uid 1337 连接选中的 Pod，OUTPUT 原样放行，tcpdump 在 POSTROUTING 之后从 eth0 上复制到的是 mTLS 加密的数据。',
		caption: '入方向 tcpdump 先于 netfilter 看到包，出方向则晚于 netfilter。每一行都可以点击，跳到对应的小节。',
		rows: [
			{
				title: '入站：对端 → 应用',
				href: '#capture-points',
				steps: [
					{ label: '线路', note: '来自 10.244.1.6', kind: 'end' },
					{ label: 'tcpdump -i eth0', note: 'dst 10.244.1.5.9080', kind: 'tap' },
					{ label: 'PREROUTING', note: 'REDIRECT → :15006', kind: 'hook' },
					{ label: 'INPUT', note: '交给本机套接字', kind: 'hook' },
					{ label: 'Envoy', note: ':15006', kind: 'end' },
				],
			},
			{
				title: '出站：应用 → Service',
				href: '#outbound-stream',
				steps: [
					{ label: '应用', note: '→ 10.96.0.50:9080', kind: 'end' },
					{ label: 'OUTPUT', note: 'REDIRECT → :15001', kind: 'hook' },
					{ label: 'POSTROUTING', note: '从 lo 发出', kind: 'hook' },
					{ label: 'tcpdump -i lo', note: 'dst 127.0.0.1.15001', kind: 'tap' },
					{ label: 'Envoy', note: ':15001', kind: 'end' },
				],
			},
			{
				title: 'Envoy 上游：mTLS',
				href: '#mtls-and-plaintext',
				steps: [
					{ label: 'Envoy', note: 'uid 1337', kind: 'end' },
					{ label: 'OUTPUT', note: '第 4 条规则：RETURN', kind: 'hook' },
					{ label: 'POSTROUTING', note: '从 eth0 发出', kind: 'hook' },
					{ label: 'tcpdump -i eth0', note: 'TLS 密文', kind: 'tap' },
					{ label: '线路', note: '发往对端', kind: 'end' },
				],
			},
		],
	},
};
