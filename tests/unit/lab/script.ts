// Every command a lesson uses, in an order that moves around the node and back: the CLI runs it
// (tests/unit/cli/world.test.ts), the fuzz test mutates it, the benchmark times it.

const PP = 'productpage-v1-54bb874995-hhx8q';
const ENVOY = 3074;

export const SCRIPT: readonly string[] = [
	'id', 'whoami', 'hostname', 'hostname -i', 'ps -ef', 'ps aux', 'ps',
	'kubectl get pods', 'kubectl get pods -A', 'kubectl get pods -o wide', `kubectl get pod ${PP} -o yaml`, 'kubectl get pods -o name',
	'kubectl get svc', 'kubectl get svc -o wide', 'kubectl get svc details -o yaml', 'kubectl get endpoints', 'kubectl get endpoints -o wide', 'kubectl get ep reviews -o yaml',
	`kubectl describe pod ${PP}`, `kubectl logs ${PP} -c istio-init`,
	'crictl ps', 'crictl ps -a', 'crictl pods', 'crictl ps --name istio-proxy -q', `crictl inspect --output go-template --template '{{.info.pid}}' 48ef29135d859`, 'crictl inspect 48ef29135d859 | grep pid',
	'cat /etc/resolv.conf', 'cat /etc/hosts', 'cat /etc/passwd', 'ls /var/log/pods', 'cat /proc/net/tcp', 'cat /proc/net/tcp6',
	`nsenter -t ${ENVOY} -n iptables -t nat -S`, `nsenter -t ${ENVOY} -n -u hostname`,
	`nsenter -t ${ENVOY} -n`, 'iptables -t nat -L -n -v', 'iptables-save', 'ip6tables -S', 'conntrack -L', 'trace --in eth0 10.244.1.6:41000 10.244.1.5:9080', 'cat /proc/net/tcp', 'exit',
	`kubectl exec -it ${PP} -c istio-proxy -- bash`, 'id', 'whoami', 'hostname', 'cat /etc/istio/proxy/envoy-rev.json', 'ls /etc/istio/proxy', 'cat /proc/net/tcp', 'exit',
	`kubectl exec ${PP} -c istio-proxy -- cat /etc/resolv.conf`, 'kubectl exec sleep-5577c64d7c-9xn2w -- ps aux',
	'help', 'history', 'clear', 'reset', 'id',
];
