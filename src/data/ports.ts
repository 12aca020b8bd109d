/**
 * Every port, address and Unix socket an Istio sidecar deployment uses, as data for the ports
 * reference page. Facts come from ../shared/reference/istio-ports.md (checked against the Istio
 * source at 86c9f01f); the wording is ours, in both languages.
 *
 * `id` is the row's anchor. Anchors are public URLs (support tickets link to `#port-15006`), so
 * never rename one: add a new row instead.
 */

export type Plane = 'sidecar' | 'control' | 'gateway';

/**
 * Who can reach the port:
 * - open: bound on all addresses and reachable from other pods;
 * - captured: bound on all addresses, but iptables redirects traffic from outside to 15006;
 * - pod: reachable only from inside the pod's network namespace (the docs' "pod-internal only");
 * - local: bound on 127.0.0.1 only;
 * - none: not a listening socket (an address, or a port no longer used).
 */
export type Exposure = 'open' | 'captured' | 'pod' | 'local' | 'none';

export interface Bilingual {
	en: string;
	zh: string;
}

export interface PortEntry {
	id: string;
	/** What the first column shows: a port number or an address. */
	port: string;
	plane: Plane;
	process: string;
	protocol: string;
	/** The socket as `ss -ltn` shows it, or a dash when nothing listens. */
	listen: string;
	exposure: Exposure;
	historic?: boolean;
	purpose: Bilingual;
	notes?: Bilingual;
	/** Extra words a learner might type into the filter, in either language. */
	keywords: string[];
}

export interface SocketEntry {
	id: string;
	path: string;
	server: string;
	client: string;
	versions: string;
	purpose: Bilingual;
	keywords: string[];
}

export const exposureLabel: Record<Exposure, Bilingual> = {
	open: { en: 'Yes', zh: '是' },
	captured: { en: 'Bound to all addresses, but redirected', zh: '监听所有地址，但会被重定向' },
	pod: { en: 'No, pod only', zh: '否，仅限 Pod 内' },
	local: { en: 'No, localhost only', zh: '否，仅限本机回环' },
	none: { en: '—', zh: '—' },
};

export const planeLabel: Record<Plane, Bilingual> = {
	sidecar: { en: 'In every sidecar pod', zh: 'Sidecar Pod 内' },
	control: { en: 'Control plane (istiod)', zh: '控制平面（istiod）' },
	gateway: { en: 'Gateways', zh: '网关' },
};

export const ports: PortEntry[] = [
	{
		id: 'port-15000',
		port: '15000',
		plane: 'sidecar',
		process: 'envoy',
		protocol: 'HTTP',
		listen: '127.0.0.1:15000',
		exposure: 'local',
		purpose: {
			en: 'Envoy’s admin API: /config_dump, /clusters, /listeners, /stats. istioctl proxy-config reads Envoy’s configuration through it.',
			zh: 'Envoy 管理接口，提供 /config_dump、/clusters、/listeners、/stats 等。istioctl proxy-config 就是通过它读取 Envoy 配置的。',
		},
		notes: {
			en: 'Bound to loopback only, so nothing outside the pod can change Envoy at run time. Dual-stack pods also bind [::1]:15000.',
			zh: '只绑定回环地址，Pod 外的任何人都无法在运行时改动 Envoy。双栈 Pod 还会额外监听 [::1]:15000。',
		},
		keywords: ['admin', 'config_dump', 'istioctl', 'proxy-config', '管理'],
	},
	{
		id: 'port-15001',
		port: '15001',
		plane: 'sidecar',
		process: 'envoy',
		protocol: 'TCP',
		listen: '0.0.0.0:15001',
		exposure: 'captured',
		purpose: {
			en: 'The virtualOutbound listener. ISTIO_REDIRECT sends every captured outbound TCP connection of the app here; Envoy reads the original destination and hands the connection to the matching outbound listener.',
			zh: 'virtualOutbound 监听器。应用发出的出站 TCP 连接被 ISTIO_REDIRECT 链截获后都会送到这里，Envoy 读出原始目的地址，再交给对应的出站监听器处理。',
		},
		notes: {
			en: 'A connection from another pod to pod-IP:15001 never reaches it: the inbound rules capture it and it lands on 15006.',
			zh: '其他 Pod 直接连接 Pod IP 的 15001 端口时，连接会先被入站规则截获，最终落到 15006，而不是这里。',
		},
		keywords: ['outbound', 'virtualOutbound', 'ISTIO_REDIRECT', 'REDIRECT', 'original destination', '出站', '原始目的地址'],
	},
	{
		id: 'port-15002',
		port: '15002',
		plane: 'sidecar',
		process: 'istio-validation',
		protocol: 'TCP',
		listen: '—',
		exposure: 'local',
		purpose: {
			en: 'Used only by the istio-validation init container in Istio CNI mode: it listens on 15001 and 15006 itself, dials 127.0.0.6:15002 and checks that iptables redirected the connection.',
			zh: '仅在 Istio CNI 模式下由 istio-validation 初始化容器使用：它自己监听 15001 和 15006，再连接 127.0.0.6:15002，检查 iptables 是否把连接重定向了过来。',
		},
		notes: {
			en: 'Not an Envoy port and never open in a running pod. If the check fails the container exits with code 126 and the pod does not start.',
			zh: '这不是 Envoy 的端口，Pod 正常运行后也不会有人监听它。校验失败时该容器以退出码 126 结束，Pod 无法启动。',
		},
		keywords: ['cni', 'validation', 'init', '校验', '初始化容器'],
	},
	{
		id: 'port-15004',
		port: '15004',
		plane: 'sidecar',
		process: 'pilot-agent',
		protocol: 'HTTP',
		listen: '127.0.0.1:15004',
		exposure: 'local',
		purpose: {
			en: 'pilot-agent’s debug endpoint, which forwards istiod’s /debug/* pages over the XDS connection.',
			zh: 'pilot-agent 的调试端点，经由 XDS 连接转发 istiod 的 /debug/* 页面。',
		},
		notes: {
			en: 'On by default from Istio 1.11 to 1.24 and removed in 1.25, although the docs table still lists it. In Istio 1.4 and earlier, 15004 was Mixer’s mTLS port.',
			zh: 'Istio 1.11 到 1.24 默认开启，1.25 起代码已删除，但官方文档的端口表里还保留着它。在 Istio 1.4 及更早版本中，15004 是 Mixer 的 mTLS 端口。',
		},
		keywords: ['debug', 'agent', 'xds', '调试'],
	},
	{
		id: 'port-15006',
		port: '15006',
		plane: 'sidecar',
		process: 'envoy',
		protocol: 'TCP',
		listen: '0.0.0.0:15006',
		exposure: 'open',
		purpose: {
			en: 'The virtualInbound listener. ISTIO_IN_REDIRECT (or TPROXY in TPROXY mode) delivers every captured inbound TCP connection here; a filter chain per destination port decides what happens next.',
			zh: 'virtualInbound 监听器。被截获的入站 TCP 连接经 ISTIO_IN_REDIRECT（TPROXY 模式下是 TPROXY 规则）送到这里，再按目的端口选择对应的 filter chain 处理。',
		},
		notes: {
			en: 'On the wire you never see 15006: tcpdump on eth0 shows the original port, because the rewrite happens after the capture point.',
			zh: '在网卡上永远抓不到 15006：eth0 上的 tcpdump 看到的是原始端口，因为地址改写发生在抓包点之后。',
		},
		keywords: ['inbound', 'virtualInbound', 'ISTIO_IN_REDIRECT', 'TPROXY', '入站'],
	},
	{
		id: 'port-15008',
		port: '15008',
		plane: 'sidecar',
		process: 'envoy / ztunnel',
		protocol: 'HTTP/2 CONNECT (mTLS)',
		listen: '0.0.0.0:15008',
		exposure: 'open',
		purpose: {
			en: 'The HBONE tunnel port: mTLS-wrapped HTTP/2 CONNECT. Open in a sidecar only when HBONE is enabled; ztunnel and waypoints always use it.',
			zh: 'HBONE 隧道端口，即包裹在 mTLS 里的 HTTP/2 CONNECT。Sidecar 只有启用 HBONE 时才监听它；ztunnel 和 waypoint 始终使用它。',
		},
		notes: {
			en: 'Always excluded from capture since Istio 1.7: ISTIO_INBOUND returns it first, and the loopback rules carry ! --dport 15008.',
			zh: '从 Istio 1.7 起始终不被截获：ISTIO_INBOUND 的第一条规则就放行它，回环相关的规则里也都带着 ! --dport 15008。',
		},
		keywords: ['hbone', 'ambient', 'tunnel', 'ztunnel', 'waypoint', '隧道'],
	},
	{
		id: 'port-15009',
		port: '15009',
		plane: 'sidecar',
		process: '—',
		protocol: 'H2C',
		listen: '—',
		exposure: 'none',
		historic: true,
		purpose: {
			en: 'A plaintext HBONE port “for secure networks”, listed in some older docs (the Chinese page of 1.13, for one). It is gone from the current table.',
			zh: '“用于安全网络”的明文 HBONE 端口，只出现在一些旧版文档里（例如 1.13 的中文页面），当前的端口表已将其删除。',
		},
		keywords: ['hbone', 'h2c', 'old', '旧版'],
	},
	{
		id: 'port-15020',
		port: '15020',
		plane: 'sidecar',
		process: 'pilot-agent',
		protocol: 'HTTP',
		listen: '*:15020',
		exposure: 'open',
		purpose: {
			en: 'pilot-agent’s status server: merged Prometheus metrics of the agent, Envoy and the app, rewritten app health probes under /app-health/…, and /healthz/ready.',
			zh: 'pilot-agent 的状态服务：合并了 agent、Envoy 和应用自身的 Prometheus 指标，提供改写后的应用健康检查 /app-health/… 以及 /healthz/ready。',
		},
		notes: {
			en: 'A Go dual-stack listener, so ss shows *:15020 and IPv4 peers as [::ffff:…]. Excluded from inbound capture by -d …,15020.',
			zh: '这是 Go 的双栈监听，ss 显示为 *:15020，IPv4 对端显示成 [::ffff:…]。通过 -d …,15020 排除在入站截获之外。',
		},
		keywords: ['metrics', 'prometheus', 'health', 'probe', 'status', 'app-health', '指标', '健康检查', '探针'],
	},
	{
		id: 'port-15021',
		port: '15021',
		plane: 'sidecar',
		process: 'envoy',
		protocol: 'HTTP',
		listen: '0.0.0.0:15021',
		exposure: 'open',
		purpose: {
			en: 'The readiness endpoint /healthz/ready. It is a static Envoy listener whose route points at the agent cluster, 127.0.0.1:15020. Gateways use the same port for their health checks.',
			zh: '就绪检查端点 /healthz/ready。它是 Envoy 的一个静态监听器，路由指向 agent 集群 127.0.0.1:15020。网关的健康检查也用这个端口。',
		},
		notes: {
			en: 'Excluded from inbound capture since Istio 1.6.',
			zh: '从 Istio 1.6 起不被入站截获。',
		},
		keywords: ['readiness', 'health', 'healthz', 'ready', 'gateway', '就绪', '健康检查', '网关'],
	},
	{
		id: 'port-15053',
		port: '15053',
		plane: 'sidecar',
		process: 'pilot-agent',
		protocol: 'DNS (UDP, TCP)',
		listen: '127.0.0.1:15053',
		exposure: 'local',
		purpose: {
			en: 'The DNS proxy, active when DNS capture is on (ISTIO_META_DNS_CAPTURE=true). iptables sends the app’s port-53 queries here.',
			zh: 'DNS 代理，仅在开启 DNS 捕获（ISTIO_META_DNS_CAPTURE=true）时工作。iptables 会把应用发往 53 端口的查询转到这里。',
		},
		notes: {
			en: 'Rules for it exist since Istio 1.7; conntrack zones keep the two directions apart since 1.11. With IPv6 resolvers it also binds [::1]:15053.',
			zh: '相关 iptables 规则从 1.7 开始出现，1.11 起借助 conntrack zone 区分两个方向的流量。配置了 IPv6 DNS 服务器时还会监听 [::1]:15053。',
		},
		keywords: ['dns', 'resolver', 'udp', '53', '域名解析'],
	},
	{
		id: 'port-15090',
		port: '15090',
		plane: 'sidecar',
		process: 'envoy',
		protocol: 'HTTP',
		listen: '0.0.0.0:15090',
		exposure: 'open',
		purpose: {
			en: 'Envoy’s own Prometheus metrics at /stats/prometheus.',
			zh: 'Envoy 自身的 Prometheus 指标，路径为 /stats/prometheus。',
		},
		notes: {
			en: 'Excluded from inbound capture, so Prometheus can scrape it directly.',
			zh: '不被入站截获，Prometheus 可以直接抓取。',
		},
		keywords: ['metrics', 'prometheus', 'stats', '指标', '监控'],
	},
	{
		id: 'addr-127-0-0-6',
		port: '127.0.0.6',
		plane: 'sidecar',
		process: 'envoy, pilot-agent',
		protocol: '—',
		listen: '—',
		exposure: 'none',
		purpose: {
			en: 'An address, not a port: Envoy and the agent use it as the source address when they connect to the app, so ISTIO_OUTPUT rule 1 lets the connection through instead of capturing it again.',
			zh: '这是一个地址而不是端口：Envoy 和 agent 连接应用时用它作源地址，这样 ISTIO_OUTPUT 的第 1 条规则会直接放行，连接不会被再次截获。',
		},
		notes: {
			en: 'This is why the app sees inbound clients as 127.0.0.6.',
			zh: '这也是应用看到的入站客户端地址都是 127.0.0.6 的原因。',
		},
		keywords: ['passthrough', 'loop', 'source address', 'InboundPassthroughCluster', '回环', '源地址'],
	},
	{
		id: 'port-443',
		port: '443',
		plane: 'control',
		process: 'istiod (Service)',
		protocol: 'HTTPS',
		listen: 'Service port → 15017',
		exposure: 'open',
		purpose: {
			en: 'The istiod Service port for the admission webhooks (sidecar injection and config validation), forwarded to the container’s 15017.',
			zh: 'istiod Service 上供准入 Webhook（Sidecar 注入与配置校验）使用的端口，会转发到容器的 15017。',
		},
		keywords: ['webhook', 'injection', 'validation', 'service', '注入', '准入'],
	},
	{
		id: 'port-8080',
		port: '8080',
		plane: 'control',
		process: 'istiod',
		protocol: 'HTTP',
		listen: ':8080',
		exposure: 'pod',
		purpose: {
			en: 'istiod’s debug interface (/debug/…). A container port only, not exposed on the Service, and deprecated.',
			zh: 'istiod 的调试接口（/debug/…）。只是容器端口，不在 Service 上暴露，且已弃用。',
		},
		keywords: ['debug', 'httpAddr', '调试'],
	},
	{
		id: 'port-15010',
		port: '15010',
		plane: 'control',
		process: 'istiod',
		protocol: 'gRPC',
		listen: ':15010',
		exposure: 'open',
		purpose: {
			en: 'xDS and certificate signing in plaintext. Use it only on networks you trust.',
			zh: '明文的 xDS 与证书签发服务，只应在可信网络中使用。',
		},
		keywords: ['xds', 'ca', 'plaintext', 'grpc', '明文', '证书'],
	},
	{
		id: 'port-15011',
		port: '15011',
		plane: 'control',
		process: 'istio-pilot',
		protocol: 'gRPC (mTLS)',
		listen: '—',
		exposure: 'none',
		historic: true,
		purpose: {
			en: 'xDS over mTLS in the control plane before istiod (visible in Istio 1.3 and 1.4 config dumps). Replaced by 15012.',
			zh: 'istiod 出现之前的控制平面用于 mTLS xDS 的端口（在 Istio 1.3、1.4 的配置快照里能看到），已由 15012 取代。',
		},
		keywords: ['pilot', 'xds', 'old', '旧版'],
	},
	{
		id: 'port-15012',
		port: '15012',
		plane: 'control',
		process: 'istiod',
		protocol: 'gRPC (TLS/mTLS)',
		listen: ':15012',
		exposure: 'open',
		purpose: {
			en: 'xDS and certificate signing over TLS, the recommended port. Every sidecar’s pilot-agent connects here and relays xDS to Envoy through the XDS socket.',
			zh: '基于 TLS 的 xDS 与证书签发，推荐使用的端口。每个 Sidecar 的 pilot-agent 都连到这里，再通过 XDS 套接字把配置转给 Envoy。',
		},
		notes: {
			en: 'East-west gateways also expose it (as tls-istiod) for multi-network meshes.',
			zh: '东西向网关也会以 tls-istiod 的名义暴露它，供多网络网格使用。',
		},
		keywords: ['xds', 'ca', 'tls', 'grpc', 'certificate', '证书', '控制平面'],
	},
	{
		id: 'port-15014',
		port: '15014',
		plane: 'control',
		process: 'istiod',
		protocol: 'HTTP',
		listen: ':15014',
		exposure: 'open',
		purpose: {
			en: 'Control-plane monitoring: istiod’s own Prometheus metrics.',
			zh: '控制平面监控端口，提供 istiod 自身的 Prometheus 指标。',
		},
		keywords: ['metrics', 'monitoring', 'prometheus', '指标', '监控'],
	},
	{
		id: 'port-15017',
		port: '15017',
		plane: 'control',
		process: 'istiod',
		protocol: 'HTTPS',
		listen: ':15017',
		exposure: 'open',
		purpose: {
			en: 'The webhook server inside the istiod container; the Service’s port 443 forwards here.',
			zh: 'istiod 容器内的 Webhook 服务端口，Service 的 443 端口会转发到这里。',
		},
		keywords: ['webhook', 'injection', 'validation', '注入', '准入'],
	},
	{
		id: 'port-15443',
		port: '15443',
		plane: 'gateway',
		process: 'envoy (gateway)',
		protocol: 'TLS (SNI)',
		listen: '0.0.0.0:15443',
		exposure: 'open',
		purpose: {
			en: 'SNI-routed mTLS passthrough (AUTO_PASSTHROUGH) on ingress, egress and east-west gateways, used for multi-network meshes and egress.',
			zh: '入口、出口和东西向网关上按 SNI 路由的 mTLS 透传端口（AUTO_PASSTHROUGH），用于多网络网格和出口流量。',
		},
		notes: {
			en: 'Not in the docs table, but it is the default network-gateway port.',
			zh: '官方端口表里没有它，但它是网络网关的默认端口。',
		},
		keywords: ['gateway', 'sni', 'multi-network', 'east-west', 'egress', '网关', '东西向'],
	},
];

export const sockets: SocketEntry[] = [
	{
		id: 'socket-xds',
		path: './etc/istio/proxy/XDS',
		server: 'pilot-agent',
		client: 'envoy (xds-grpc)',
		versions: '1.8+',
		purpose: {
			en: 'Envoy fetches its configuration from the agent over this socket; the agent relays to istiod on 15012. Before 1.8 Envoy dialled istiod itself.',
			zh: 'Envoy 通过这个套接字向 agent 拉取配置，agent 再转发给 15012 上的 istiod。1.8 之前是 Envoy 自己直连 istiod。',
		},
		keywords: ['xds', 'uds', 'unix', '配置'],
	},
	{
		id: 'socket-sds',
		path: './etc/istio/proxy/SDS',
		server: 'pilot-agent',
		client: 'envoy (sds-grpc)',
		versions: '≤ 1.13',
		purpose: {
			en: 'Workload certificates and the root CA over SDS, in Istio 1.13 and earlier.',
			zh: 'Istio 1.13 及更早版本中，通过 SDS 下发工作负载证书和根证书。',
		},
		keywords: ['sds', 'certificate', 'uds', 'unix', '证书'],
	},
	{
		id: 'socket-workload-sds',
		path: './var/run/secrets/workload-spiffe-uds/socket',
		server: 'pilot-agent or SPIRE',
		client: 'envoy (sds-grpc)',
		versions: '1.14+',
		purpose: {
			en: 'The SDS socket since 1.14. An external SDS server such as SPIRE can serve it instead of the agent.',
			zh: '1.14 起使用的 SDS 套接字。也可以由 SPIRE 这样的外部 SDS 服务代替 agent 提供。',
		},
		keywords: ['sds', 'spiffe', 'spire', 'certificate', 'uds', 'unix', '证书'],
	},
	{
		id: 'socket-credential',
		path: './var/run/secrets/credential-uds/socket',
		server: 'external credential provider',
		client: 'envoy (sds-external)',
		versions: 'recent',
		purpose: {
			en: 'Optional: secrets referenced as credentialName: sds://… come from an external provider over this socket.',
			zh: '可选：以 credentialName: sds://… 引用的密钥由外部提供者通过这个套接字下发。',
		},
		keywords: ['sds', 'credential', 'secret', 'uds', 'unix', '密钥'],
	},
];
