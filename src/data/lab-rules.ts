// Rules the labs start from. Each is the text `iptables-restore` reads, kept here (not in
// tests/) because the in-browser lab loads it at run time; tests compare these with their fixtures.
//
// Provenance (Apache License 2.0): the rule set is what Istio's rule builder produces for the real
// istio-init defaults, `istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*'
// -d 15090,15021,15020` (istio/istio, tools/istio-iptables, snapshot commit
// 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c, content identical to release 1.30.0), as vendored in
// tests/fixtures/iptables/materialized/inputs/sidecar-init-default.v4.restore (see NOTICE.md
// there). It is data derived from Istio's behaviour; no Istio code is copied. The same rules,
// listed by the real iptables 1.8.9, are content/transcripts/sidecar-nat-rules.txt.

/** istio-init with its defaults: the nat table of a freshly injected sidecar pod (IPv4). */
export const SIDECAR_INIT_DEFAULT_V4 = `* nat
-N ISTIO_INBOUND
-N ISTIO_REDIRECT
-N ISTIO_IN_REDIRECT
-N ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A ISTIO_INBOUND -p tcp --dport 15090 -j RETURN
-A ISTIO_INBOUND -p tcp --dport 15021 -j RETURN
-A ISTIO_INBOUND -p tcp --dport 15020 -j RETURN
-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -o lo -s 127.0.0.6/32 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
COMMIT
`;
