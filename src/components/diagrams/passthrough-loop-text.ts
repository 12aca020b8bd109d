// The words of PassthroughLoop.astro in both languages. Addresses, ports and rule text stay as the
// tools print them and live in the component.

import type { Lang } from '../../i18n/ui';

export interface PassthroughLoopText {
	readonly title: string;
	readonly desc: string;
	readonly caption: string;
	readonly pod: string;
	readonly peer: string;
	readonly envoy: string;
	readonly app: string;
	readonly redirect: string;
	readonly loop1: string;
	readonly loop2: string;
}

export const DIAGRAM_TEXT: Readonly<Record<Lang, PassthroughLoopText>> = {
	en: {
		title: 'The loop that ISTIO_OUTPUT rule 1 prevents',
		desc:
			'A peer pod connects to the app on port 9080. PREROUTING redirects the connection to Envoy on port 15006. ' +
			'Envoy then opens its own connection to the app, from 127.0.0.6 to the pod IP 10.244.1.5 on port 9080, over lo. ' +
			'That connection passes nat OUTPUT and ISTIO_OUTPUT. Rule 1 matches the source 127.0.0.6 and returns, so the connection reaches the app. ' +
			'Without rule 1, rule 2 (uid 1337, out on lo, not to 127.0.0.1) would match and redirect it to port 15006 again: Envoy would receive its own hand-off, forever.',
		caption: 'Envoy’s hand-off to the app, with rule 1 (green) and without it (red, dashed). The chain box links to the rule’s section.',
		pod: 'productpage pod · one network namespace',
		peer: 'peer pod',
		envoy: 'Envoy, inbound',
		app: 'app (gunicorn)',
		redirect: 'eth0 → PREROUTING: REDIRECT 15006',
		loop1: 'without rule 1:',
		loop2: 'REDIRECT to 15006 again',
	},
	zh: {
		title: 'ISTIO_OUTPUT 第 1 条规则避免的环路',
		desc:
			'对端 Pod 连接应用的 9080 端口，PREROUTING 把连接重定向到 Envoy 的 15006 端口。' +
			'Envoy 随后自己向应用发起一条连接：源地址 127.0.0.6，目的地址是 Pod IP 10.244.1.5 的 9080 端口，走 lo。' +
			'这条连接要经过 nat 表的 OUTPUT 链和 ISTIO_OUTPUT 链。第 1 条规则匹配源地址 127.0.0.6 并 RETURN，连接因此到达应用。' +
			'如果没有第 1 条规则，第 2 条规则（uid 1337、从 lo 出去、目的地址不是 127.0.0.1）就会命中，把连接再次重定向到 15006：Envoy 收到的是自己转出去的连接，无穷无尽。',
		caption: 'Envoy 把请求转交给应用：有第 1 条规则时（绿色）与没有它时（红色虚线）。点击链的方框可跳到讲这条规则的小节。',
		pod: 'productpage Pod · 同一个网络命名空间',
		peer: '对端 Pod',
		envoy: 'Envoy（入站）',
		app: '应用（gunicorn）',
		redirect: 'eth0 → PREROUTING：REDIRECT 15006',
		loop1: '没有第 1 条规则时：',
		loop2: '再次 REDIRECT 到 15006',
	},
};
