import type { Bilingual } from './ports';

/**
 * The course plan, in order. A lesson is published when content/docs/<lang>/lessons/<slug>.mdx
 * exists in both languages; until then the lessons index lists it without a link, so no link
 * ever points at a page that is not there.
 */
export interface SyllabusEntry {
	slug: string;
	title: Bilingual;
	summary: Bilingual;
}

export const syllabus: SyllabusEntry[] = [
	{
		slug: 'ports-and-components',
		title: { en: 'Ports and components', zh: '端口与组件' },
		summary: {
			en: 'Who listens where inside a sidecar pod: Envoy, pilot-agent, their ports and Unix sockets, and why some bind 127.0.0.1 while others bind 0.0.0.0.',
			zh: 'Sidecar Pod 里谁在监听什么：Envoy、pilot-agent 的端口与 Unix 套接字，以及为什么有的绑定 127.0.0.1、有的绑定 0.0.0.0。',
		},
	},
	{
		slug: 'iptables-capture',
		title: { en: 'How iptables captures traffic', zh: 'iptables 如何截获流量' },
		summary: {
			en: 'The nat table, the four ISTIO_ chains, REDIRECT and RETURN, and every rule of ISTIO_OUTPUT tried out with its counters.',
			zh: 'nat 表、四条 ISTIO_ 链、REDIRECT 与 RETURN，逐条试验 ISTIO_OUTPUT 的规则并观察计数器。',
		},
	},
	{
		slug: 'request-path',
		title: { en: 'Following a request', zh: '跟踪一个请求' },
		summary: {
			en: 'Outbound through 15001 and inbound through 15006, reading istioctl proxy-config at every hop.',
			zh: '出站经过 15001、入站经过 15006，每一跳都用 istioctl proxy-config 验证。',
		},
	},
	{
		slug: 'passthrough-127-0-0-6',
		title: { en: 'The 127.0.0.6 passthrough', zh: '127.0.0.6 透传' },
		summary: {
			en: 'Why Envoy binds 127.0.0.6 when it calls the app, which loop that prevents, and what changed in Istio 1.10.',
			zh: 'Envoy 调用应用时为什么绑定 127.0.0.6，它避免了什么样的环路，Istio 1.10 又改变了什么。',
		},
	},
	{
		slug: 'init-vs-cni',
		title: { en: 'istio-init versus Istio CNI', zh: 'istio-init 与 Istio CNI' },
		summary: {
			en: 'Two ways to install the same rules: a privileged init container, or a node agent with a chained CNI plugin.',
			zh: '同一套规则的两种安装方式：特权初始化容器，或者节点上的代理加链式 CNI 插件。',
		},
	},
	{
		slug: 'packet-capture',
		title: { en: 'Capturing packets in the mesh', zh: '在网格中抓包' },
		summary: {
			en: 'Where tcpdump sits relative to netfilter, mTLS on eth0 versus plaintext on lo, and why an outbound stream cannot be followed on one interface.',
			zh: 'tcpdump 与 netfilter 的相对位置，eth0 上的 mTLS 与 lo 上的明文，以及为什么出站流量无法在同一块网卡上完整跟踪。',
		},
	},
];
