// The words of InitVsCni.astro in both languages: the steps that set up a new pod's network
// namespace in each mode, in order. `href` links a step to the lesson section that shows it.

import type { Lang } from '../../i18n/ui';

export interface InitVsCniStep {
	readonly label: string;
	readonly note: string;
	/** `rules`: this step writes the sidecar's rules; `check`: it only checks them. */
	readonly kind: 'plain' | 'rules' | 'check';
	readonly href?: string;
}

export interface InitVsCniText {
	readonly title: string;
	readonly desc: string;
	readonly caption: string;
	readonly initTitle: string;
	readonly cniTitle: string;
	readonly initSteps: readonly InitVsCniStep[];
	readonly cniSteps: readonly InitVsCniStep[];
}

export const INIT_VS_CNI_TEXT: Readonly<Record<Lang, InitVsCniText>> = {
	en: {
		title: 'Setting up a new sidecar pod: istio-init compared with Istio CNI',
		desc:
			'With istio-init: the runtime creates the sandbox and calls the CNI plugins flannel and portmap; then the istio-init container, with NET_ADMIN and NET_RAW as root, writes the rules; then istio-proxy and the app start. ' +
			'With Istio CNI: the runtime creates the sandbox and calls flannel, portmap and then istio-cni, which writes the same rules from the host; then the istio-validation container, without privileges as uid 1337, checks them; then istio-proxy and the app start.',
		caption: 'Both paths leave the same rules before the app starts. The highlighted steps link to their sections.',
		initTitle: 'istio-init',
		cniTitle: 'Istio CNI',
		initSteps: [
			{ label: 'sandbox, CNI: flannel → portmap', note: 'eth0 and the pod IP', kind: 'plain' },
			{ label: 'init container istio-init', note: 'NET_ADMIN, NET_RAW, uid 0: writes the rules', kind: 'rules', href: '#istio-init' },
			{ label: 'init containers done', note: 'nothing else runs before the app', kind: 'plain' },
			{ label: 'istio-proxy + app', note: 'Envoy as uid 1337, the app', kind: 'plain', href: '#native-sidecars' },
		],
		cniSteps: [
			{ label: 'sandbox, CNI: flannel → portmap', note: 'eth0 and the pod IP', kind: 'plain' },
			{ label: 'CNI: istio-cni (chained)', note: 'runs on the host: writes the rules', kind: 'rules', href: '#chained-plugin' },
			{ label: 'init container istio-validation', note: 'no capabilities, uid 1337: checks them', kind: 'check', href: '#istio-validation' },
			{ label: 'istio-proxy + app', note: 'Envoy as uid 1337, the app', kind: 'plain', href: '#same-rules' },
		],
	},
	zh: {
		title: '新建 Sidecar Pod 的过程：istio-init 与 Istio CNI 对比',
		desc:
			'使用 istio-init 时：容器运行时创建沙箱，调用 CNI 插件 flannel 和 portmap；随后 istio-init 容器以 root 身份、带着 NET_ADMIN 和 NET_RAW 写入规则；最后启动 istio-proxy 和应用。' +
			'使用 Istio CNI 时：运行时创建沙箱，依次调用 flannel、portmap 和 istio-cni，由 istio-cni 在宿主机上写入同样的规则；随后 istio-validation 容器以 uid 1337 身份、不带任何特权检查规则；最后启动 istio-proxy 和应用。',
		caption: '两条路径都在应用启动前写好了同样的规则。高亮的步骤可以点击，跳到对应的小节。',
		initTitle: 'istio-init',
		cniTitle: 'Istio CNI',
		initSteps: [
			{ label: '沙箱，CNI：flannel → portmap', note: '创建 eth0，分配 Pod IP', kind: 'plain' },
			{ label: '初始化容器 istio-init', note: 'NET_ADMIN、NET_RAW、uid 0：写入规则', kind: 'rules', href: '#istio-init' },
			{ label: '初始化容器全部完成', note: '在此之前应用不会运行', kind: 'plain' },
			{ label: 'istio-proxy + 应用', note: 'Envoy 以 uid 1337 运行，应用启动', kind: 'plain', href: '#native-sidecars' },
		],
		cniSteps: [
			{ label: '沙箱，CNI：flannel → portmap', note: '创建 eth0，分配 Pod IP', kind: 'plain' },
			{ label: 'CNI：istio-cni（链式插件）', note: '在宿主机上运行：写入规则', kind: 'rules', href: '#chained-plugin' },
			{ label: '初始化容器 istio-validation', note: '不带任何 capability、uid 1337：只做检查', kind: 'check', href: '#istio-validation' },
			{ label: 'istio-proxy + 应用', note: 'Envoy 以 uid 1337 运行，应用启动', kind: 'plain', href: '#same-rules' },
		],
	},
};
