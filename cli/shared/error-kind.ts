/**
 * The kind of a failed call's error text, for every tool that must tell a
 * refusal from anything else: the post-deploy test (which diagnoses it,
 * cli/postdeploy/diagnosis.ts) and the host self-test (pull-config
 * --self-test). Network texts are Go's and Node's (captured from rclone 1.60
 * and node 20 here, including a run in a network namespace without any
 * route: "connect: network is unreachable", "dial udp <dns>:53: connect:
 * network is unreachable"); the provider-specific texts live in each provider
 * profile's `probes`, most specific first, so a 403 that is a bad signature
 * is never read as a refusal.
 */
import type { ProviderName } from "../../components/outputs";
import type { ErrorKind, ErrorSignature } from "../../components/providers/probe-facts";
import { PROVIDERS } from "../../components/providers/registry";

const GENERIC: readonly ErrorSignature[] = [
    { kind: "ca-bundle", pattern: /LoadCustomCABundleError/ },
    { kind: "rcd", pattern: /rclone rcd did not answer/ },
    {
        kind: "network",
        pattern:
            /network is unreachable|no route to host|ENETUNREACH|EHOSTUNREACH|EAI_AGAIN|Temporary failure in name resolution|server misbehaving|lookup \S+ on \S+: (read|dial) udp/,
    },
    { kind: "connection-refused", pattern: /connection refused|ECONNREFUSED/ },
    { kind: "dns-name", pattern: /no such host|ENOTFOUND/ },
    { kind: "tls", pattern: /server gave HTTP response to HTTPS client|x509:|tls: |EPROTO|wrong version number/ },
    { kind: "timeout", pattern: /i\/o timeout|context deadline exceeded|TLS handshake timeout|killed after the|ETIMEDOUT|timed out/ },
];

/** The kind of an error text; provider texts of `provider` (or of every provider) after the network ones. */
export function classifyError(text: string, provider?: ProviderName): ErrorKind {
    for (const { kind, pattern } of rulesFor(provider)) if (pattern.test(text)) return kind;
    return "other";
}

/** Built once per provider: a run classifies every refusal it sees (hundreds). */
const RULES = new Map<string, readonly ErrorSignature[]>();

function rulesFor(provider: ProviderName | undefined): readonly ErrorSignature[] {
    const id = provider && PROVIDERS.find(provider) ? provider : "";
    let rules = RULES.get(id);
    if (!rules) {
        const facts = id ? [PROVIDERS.get(id).probes] : PROVIDERS.profiles.map((p) => p.probes);
        rules = [...GENERIC, ...facts.flatMap((f) => f.errorSignatures)];
        RULES.set(id, rules);
    }
    return rules;
}
