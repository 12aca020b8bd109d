import { describe, expect, it } from 'vitest';
import { lab, run } from '../lab/helpers';

// Envoy's admin API on 127.0.0.1:15000 of a Bookinfo sidecar, answered from the pod's config dump
// and what the lab's requests counted. Whole outputs.

const RATINGS = 'ratings-v1-7c9bd4b87f-7xmbz';
const admin = (path: string): string => `kubectl exec ${RATINGS} -c istio-proxy -- curl -s 'localhost:15000${path}'`;

function world() {
	const l = lab({ at: 'node', tty: false });
	run(l, `kubectl exec ${RATINGS} -c ratings -- curl -s -o /dev/null http://details:9080/details/0`);
	return l;
}

describe('Envoy admin /listeners, /clusters, /stats, /server_info', () => {
	it('/listeners: name::address of every active listener, LDS ones then the bootstrap\'s', () => {
		expect(run(world(), admin('/listeners')).stdout).toBe(
			[
				'10.96.0.1_443::10.96.0.1:443',
				'10.96.0.10_53::10.96.0.10:53',
				'10.96.0.10_9153::10.96.0.10:9153',
				'10.96.61.219_15012::10.96.61.219:15012',
				'10.96.61.219_443::10.96.61.219:443',
				'0.0.0.0_15010::0.0.0.0:15010',
				'0.0.0.0_15014::0.0.0.0:15014',
				'0.0.0.0_9080::0.0.0.0:9080',
				'0.0.0.0_80::0.0.0.0:80',
				'virtualOutbound::0.0.0.0:15001',
				'virtualInbound::0.0.0.0:15006',
				'0.0.0.0_15090::0.0.0.0:15090',
				'0.0.0.0_15021::0.0.0.0:15021',
				'',
			].join('\n'),
		);
	});

	it('/listeners?format=json: admin.v3.Listeners, snake_case, one space per level', () => {
		const out = run(world(), admin('/listeners?format=json')).stdout;
		expect(out.split('\n').slice(0, 12).join('\n')).toBe('{\n "listener_statuses": [\n  {\n   "name": "10.96.0.1_443",\n   "local_address": {\n    "socket_address": {\n     "address": "10.96.0.1",\n     "port_value": 443\n    }\n   }\n  },\n  {');
		expect((JSON.parse(out) as { listener_statuses: unknown[] }).listener_statuses).toHaveLength(13);
	});

	it('/clusters: the details cluster after one request, its host counting the pooled connection', () => {
		const c = 'outbound|9080||details.default.svc.cluster.local';
		const h = `${c}::10.244.1.6:9080`;
		expect(run(world(), `${admin('/clusters')} | grep '^outbound|9080||details'`).stdout).toBe(
			[
				`${c}::observability_name::${c};`,
				`${c}::default_priority::max_connections::4294967295`,
				`${c}::default_priority::max_pending_requests::4294967295`,
				`${c}::default_priority::max_requests::4294967295`,
				`${c}::default_priority::max_retries::4294967295`,
				`${c}::high_priority::max_connections::1024`,
				`${c}::high_priority::max_pending_requests::1024`,
				`${c}::high_priority::max_requests::1024`,
				`${c}::high_priority::max_retries::3`,
				`${c}::added_via_api::true`,
				`${c}::eds_service_name::${c}`,
				`${h}::cx_active::1`,
				`${h}::cx_connect_fail::0`,
				`${h}::cx_total::1`,
				`${h}::rq_active::0`,
				`${h}::rq_error::0`,
				`${h}::rq_success::1`,
				`${h}::rq_timeout::0`,
				`${h}::rq_total::1`,
				`${h}::hostname::`,
				`${h}::health_flags::healthy`,
				`${h}::weight::1`,
				`${h}::region::`,
				`${h}::zone::`,
				`${h}::sub_zone::`,
				`${h}::canary::false`,
				`${h}::priority::0`,
				`${h}::success_rate::-1`,
				`${h}::local_origin_success_rate::-1`,
				'',
			].join('\n'),
		);
	});

	it('/stats: only what Istio\'s stats_matcher lets Envoy create, sorted; ?filter= is a regex search', () => {
		const l = world();
		expect(run(l, admin('/stats')).stdout).toBe(
			[
				'cluster.xds-grpc.upstream_cx_active: 1',
				'cluster.xds-grpc.upstream_cx_connect_fail: 0',
				'cluster.xds-grpc.upstream_cx_total: 1',
				'cluster.xds-grpc.upstream_rq_total: 1',
				'cluster_manager.active_clusters: 20',
				'cluster_manager.warming_clusters: 0',
				'server.concurrency: 2',
				'server.live: 1',
				'server.state: 0',
				'server.uptime: 5251',
				'',
			].join('\n'),
		);
		expect(run(l, admin('/stats?filter=^server\\.(live|state)')).stdout).toBe('server.live: 1\nserver.state: 0\n');
		expect(run(l, `kubectl exec ${RATINGS} -c istio-proxy -- curl -s -w ' %{http_code}' 'localhost:15000/stats?filter=(('`).stdout).toBe('Invalid re2 regex 400');
	});

	it('/server_info: the build, uptime from the world\'s clock and the options pilot-agent started Envoy with', () => {
		const info = JSON.parse(run(world(), admin('/server_info')).stdout) as Record<string, unknown>;
		expect(Object.keys(info)).toEqual(['version', 'state', 'uptime_current_epoch', 'uptime_all_epochs', 'hot_restart_version', 'command_line_options', 'node']);
		expect([info['version'], info['state'], info['uptime_current_epoch'], info['hot_restart_version']]).toEqual(['11169ff1a27ea765dbb30dcd6b8491aed0d51879/1.34.4-dev/Clean/RELEASE/BoringSSL', 'LIVE', '5251s', 'disabled']);
		expect(info['command_line_options']).toEqual({
			base_id: '0', concurrency: 2, config_path: 'etc/istio/proxy/envoy-rev.json', config_yaml: '', allow_unknown_static_fields: true, admin_address_path: '', local_address_ip_version: 'v4',
			log_level: 'warning', component_log_level: 'misc:error', log_format: '[%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v', log_path: '', service_cluster: '', service_node: '', service_zone: '',
			file_flush_interval: '1s', drain_time: '45s', parent_shutdown_time: '900s', mode: 'Serve', disable_hot_restart: true, enable_mutex_tracing: false, restart_epoch: 0, cpuset_threads: false,
			reject_unknown_dynamic_fields: false, log_format_escaped: false, disabled_extensions: [], ignore_unknown_dynamic_fields: false, use_dynamic_base_id: false, base_id_path: '',
			drain_strategy: 'Immediate', enable_fine_grain_logging: false, socket_path: '@envoy_domain_socket', socket_mode: 0, enable_core_dump: false, stats_tag: [],
			skip_hot_restart_on_no_parent: false, skip_hot_restart_parent_stats: false, skip_deprecated_logs: true,
		});
	});

	it('/config_dump leaves EDS out unless ?include_eds is given', () => {
		const l = world();
		expect(run(l, `${admin('/config_dump')} | grep -c EndpointsConfigDump`).stdout).toBe('0\n');
		expect(run(l, `${admin('/config_dump?include_eds')} | grep -c EndpointsConfigDump`).stdout).toBe('1\n');
	});

	it('/config_dump speaks proto field names with one-space indentation, as Envoy prints it; Struct and map keys stay', () => {
		const l = world();
		expect(run(l, `${admin('/config_dump')} | head -7`).stdout).toBe(
			[
				'{',
				' "configs": [',
				'  {',
				'   "@type": "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump",',
				'   "bootstrap": {',
				'    "node": {',
				'     "id": "sidecar~10.244.1.7~ratings-v1-7c9bd4b87f-7xmbz.default~default.svc.cluster.local",',
				'',
			].join('\n'),
		);
		// The jq a learner copies from Envoy's docs and blog posts works: snake_case all the way down.
		expect(run(l, `${admin('/config_dump')} | jq -r '.configs[] | .dynamic_listeners[]? | .active_state.listener | select(.name == "virtualOutbound") | "\\(.address.socket_address.port_value) \\(.use_original_dst)"'`).stdout).toBe('15001 true\n');
		expect(run(l, `${admin('/config_dump')} | jq -r '.configs[] | .dynamic_active_clusters[]? | .cluster | select(.name == "InboundPassthroughCluster") | .upstream_bind_config.source_address.address'`).stdout).toBe('127.0.0.6\n');
		// google.protobuf.Struct keys are data: the node metadata keeps ISTIO_VERSION.
		expect(run(l, `${admin('/config_dump')} | jq -r '.configs[0].bootstrap.node.metadata.ISTIO_VERSION'`).stdout).toBe('1.26.3\n');
		expect(run(l, `${admin('/config_dump')} | grep -c dynamicListeners`).stdout).toBe('0\n');
	});
});
