// The words of ChainFlow.astro in both languages. Chain names, targets and ports stay as
// iptables prints them; only our own sentences are translated.

import type { Lang } from '../../i18n/ui';

export interface ChainFlowText {
	readonly title: string;
	readonly desc: string;
	readonly caption: string;
	/** Where the two rows start: a connection arriving on eth0, one a process of the pod opens. */
	readonly inbound: string;
	readonly outbound: string;
	readonly inReturn: string;
	readonly outReturn: string;
	readonly rules25: string;
	readonly rule9: string;
	/** The summary of the list that says what the picture says. */
	readonly list: string;
}

export const CHAIN_FLOW_TEXT: Readonly<Record<Lang, ChainFlowText>> = {
	en: {
		title: "The sidecar's nat chains: how a connection reaches Envoy",
		desc: 'A connection arriving on eth0 passes PREROUTING, which jumps to ISTIO_INBOUND: destination ports 15008, 15090, 15021 and 15020 RETURN; everything else jumps to ISTIO_IN_REDIRECT and is redirected to 15006. A connection the pod opens passes OUTPUT, which jumps to ISTIO_OUTPUT: rules 1, 3, 4, 6, 7 and 8 RETURN; rules 2 and 5 jump to ISTIO_IN_REDIRECT (15006); rule 9 jumps to ISTIO_REDIRECT, which redirects to 15001.',
		caption: 'Where a connection enters the nat table and how it leaves: redirected to Envoy, or returned unchanged. The chains and rule labels link to their sections.',
		inbound: 'arriving on eth0',
		outbound: 'opened inside the pod',
		inReturn: 'RETURN: 15008, 15090, 15021, 15020 pass',
		outReturn: 'RETURN (rules 1, 3, 4, 6, 7, 8): unchanged',
		rules25: 'rules 2, 5',
		rule9: 'rule 9',
		list: 'The picture as a list',
	},
	zh: {
		title: 'Sidecar 的 nat 链：连接怎样被送到 Envoy',
		desc: '从 eth0 进来的连接经过 PREROUTING 跳到 ISTIO_INBOUND：目标端口是 15008、15090、15021、15020 的 RETURN，其余跳到 ISTIO_IN_REDIRECT，被 REDIRECT 到 15006。Pod 自己发起的连接经过 OUTPUT 跳到 ISTIO_OUTPUT：第 1、3、4、6、7、8 条规则 RETURN，第 2、5 条跳到 ISTIO_IN_REDIRECT（15006），第 9 条跳到 ISTIO_REDIRECT，被 REDIRECT 到 15001。',
		caption: '连接从哪里进入 nat 表、最后怎样离开：要么被重定向给 Envoy，要么原样放行。链的方框和规则标签都可以点击，跳到对应的小节。',
		inbound: '从 eth0 进入的连接',
		outbound: 'Pod 内进程发起的连接',
		inReturn: 'RETURN：15008、15090、15021、15020 不拦截',
		outReturn: 'RETURN（规则 1、3、4、6、7、8）：原样放行',
		rules25: '规则 2、5',
		rule9: '规则 9',
		list: '以列表形式查看这张图',
	},
};
