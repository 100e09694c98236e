/**
 * ceph.conf for a throw-away single-node cluster (one mon, one memstore OSD,
 * one radosgw) that lives entirely under `dir` and binds to 127.0.0.1 only.
 * Settings and their reasons: shared/reference/LOCAL-S3.md.
 */
export interface CephPorts {
    readonly monV2: number;
    readonly monV1: number;
    readonly rgw: number;
}

export function monAddrVector(ports: CephPorts): string {
    return `[v2:127.0.0.1:${ports.monV2},v1:127.0.0.1:${ports.monV1}]`;
}

/**
 * `stsKey`: 16 characters radosgw signs role-session tokens with (STS AssumeRole, see admin.ts).
 * `dnsName`: a domain radosgw also serves virtual-hosted-style (`<bucket>.<dnsName>`), as AWS's
 * endpoints are addressed; requests to 127.0.0.1 stay path-style.
 */
export function renderCephConf(dir: string, fsid: string, ports: CephPorts, stsKey: string, dnsName?: string): string {
    const global: Record<string, string> = {
        fsid,
        "mon host": monAddrVector(ports),
        "run dir": `${dir}/run`,
        "admin socket": `${dir}/run/$name.asok`,
        "pid file": `${dir}/run/$name.pid`,
        "log file": `${dir}/log/$name.log`,
        "mon data": `${dir}/mon/$cluster-$id`,
        "osd data": `${dir}/osd/$cluster-$id`,
        "auth cluster required": "none",
        "auth service required": "none",
        "auth client required": "none",
        "auth allow insecure global id reclaim": "true",
        "ms bind ipv6": "false",
        "public addr": "127.0.0.1",
        "osd objectstore": "memstore",
        // Virtual size; RAM is used only for what is stored.
        "memstore device bytes": "2147483648",
        "osd pool default size": "1",
        "osd pool default min size": "1",
        "mon allow pool size one": "true",
        "osd crush chooseleaf type": "0",
        "osd pool default pg num": "8",
        "osd pool default pgp num": "8",
        "osd pool default pg autoscale mode": "off",
        "mon max pg per osd": "1000",
        "mon warn on pool no redundancy": "false",
        // Cuts radosgw's first start (pool creation) from ~12 s to ~2 s.
        "paxos propose interval": "0.1",
    };
    const rgw: Record<string, string> = {
        // tcp_nodelay: without it every error reply (403, 404) waited ~40 ms (Nagle's algorithm against the client's
        // delayed ACK) while successes did not; no cloud does that, and it made a refusal cost ten times a success.
        "rgw frontends": `beast endpoint=127.0.0.1:${ports.rgw} tcp_nodelay=1`,
        "rgw enable apis": "s3, s3website, admin, sts, iam",
        // With auth off radosgw otherwise hangs on get_initial_auth_request -13.
        "ms mon client mode": "crc secure",
        "rgw data": `${dir}/rgw`,
        // The generated sections ask for SSE (AES256); radosgw refuses that over plain HTTP otherwise.
        "rgw crypt require ssl": "false",
        // Role sessions (STS AssumeRole): their permissions are the role's policy alone, deny by default, as
        // for an AWS IAM user; plain radosgw users fall back to their own rights (see admin.ts).
        "rgw sts key": stsKey,
        "rgw s3 auth use sts": "true",
        ...(dnsName ? { "rgw dns name": dnsName } : {}),
    };
    const block = (name: string, kv: Record<string, string>): string => [`[${name}]`, ...Object.entries(kv).map(([k, v]) => `${k} = ${v}`)].join("\n") + "\n";
    return block("global", global) + block("client.rgw.a", rgw);
}
