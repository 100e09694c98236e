/**
 * The plan's closing part: what the stack holds in counts (buckets,
 * identities per provider, hosts, sections), whether it seals host files,
 * its tier, the warnings above, and the commands that come next. All of it
 * read from the plan as the engine would record it (resources and outputs).
 */
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import type { PermissionEntry, RemoteSummary } from "../../components/outputs";
import { providerOfBucketComponent } from "../../components/providers/profile";
import { identityCount } from "../../components/rotation/keys";
import type { RedactedPlan } from "./redact";
import { alignColumns, shellLines, wrapText } from "./text-layout";

/** Hosts and warnings named in the summary before the rest are counted. */
const HOSTS_NAMED = 8;
const WARNINGS_NAMED = 3;

/** `{r2: 1, aws: 2}` → `aws 2, r2 1`. */
function perProvider(counts: ReadonlyMap<string, number>): string {
    return [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([p, n]) => `${p} ${n}`)
        .join(", ");
}

function count<T>(items: readonly T[], key: (t: T) => string | undefined, weight: (t: T) => number = () => 1): Map<string, number> {
    const counts = new Map<string, number>();
    for (const item of items) {
        const k = key(item);
        if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + weight(item));
    }
    return counts;
}

const sum = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/** The tier the environment component registered (what the policy pack reads); production unless it says test. */
export function planTier(plan: RedactedPlan): "production" | "test" {
    const env = plan.resources.find((r) => r.type === ENVIRONMENT_COMPONENT_TYPE);
    return (env?.outputs as { tier?: unknown } | undefined)?.tier === "test" ? "test" : "production";
}

export function renderSummary(plan: RedactedPlan, warnings: readonly string[], width: number): string[] {
    const permissions = plan.outputs.permissions as PermissionEntry[];
    const remotes = plan.outputs.remotes as RemoteSummary[];
    const buckets = count(plan.resources, (r) => providerOfBucketComponent(r.type));
    const identities = count(
        permissions,
        (p) => p.provider,
        (p) => identityCount(p.keys, p.hosts),
    );
    const retiring = permissions.reduce((n, p) => n + (p.keys?.generations.filter((g) => !g.current).length ?? 0), 0);
    const hosts = [...new Set(remotes.map((r) => r.host))].sort();
    const named = hosts.slice(0, HOSTS_NAMED).join(", ") + (hosts.length > HOSTS_NAMED ? `, … (${hosts.length - HOSTS_NAMED} more)` : "");
    const tier = planTier(plan);
    const rows = [
        [
            "stack",
            tier === "production"
                ? `${plan.stack}, production tier: protected buckets, versioning and locks required; the policy pack's rules are mandatory`
                : `${plan.stack}, test tier: the production rules are off; the policy pack's -test rules apply`,
        ],
        ["buckets", `${sum(buckets)}: ${perProvider(buckets)}`],
        ["identities", `${sum(identities)}: ${perProvider(identities)}${retiring ? ` (${retiring} of them retiring)` : ""}`],
        ["hosts", `${hosts.length}: ${named}`],
        ["sections", `${plan.sections.length} in rcloneConfig${retiring ? `, ${retiring} more in retiringConfig while the rotation overlaps` : ""}`],
        [
            "sealed",
            plan.sealing === undefined
                ? "no: hostKeys is unset, so each host pulls its sections with pull-config (docs/hosts.md)"
                : `yes: ${plan.sealing.length} host files in sealedHosts, each to its host's key (docs/hosts.md)`,
        ],
        [
            "warnings",
            warnings.length === 0
                ? "none"
                : `${warnings.length} (WARNING above): ${warnings.slice(0, WARNINGS_NAMED).join("; ")}` +
                  (warnings.length > WARNINGS_NAMED ? `; … (${warnings.length - WARNINGS_NAMED} more)` : ""),
        ],
    ];
    return [
        "Summary:",
        ...alignColumns(
            rows.map(([label, text]) => [`  ${label}`, text!]),
            width,
        ),
        "",
        "Next (docs/deploying.md):",
        ...nextSteps(plan.stack, retiring > 0, plan.sealing !== undefined).flatMap(([when, command]) => [
            ...(when === undefined ? [] : wrapText(when, "  ", "    ", width)),
            ...shellLines(command.split(" "), when === undefined ? "  " : "    ", width),
        ]),
    ];
}

/** [what comes before it, if anything; the command]. */
function nextSteps(stack: string, rotating: boolean, sealed: boolean): [string | undefined, string][] {
    return [
        [undefined, `pulumi preview -s ${stack} --policy-pack policies`],
        [undefined, `pulumi up -s ${stack} --policy-pack policies`],
        ...(sealed
            ? [
                  ["publish each host's file where the host fetches it (docs/hosts.md):", `pulumi stack output sealedHosts -s ${stack} --json`] as [
                      string,
                      string,
                  ],
              ]
            : []),
        ["after the deploy, prove every section:", `npm run postdeploy -- --stack ${stack}`],
        ...(rotating
            ? [
                  [
                      "once every host has its new keys and the post-deploy report (--json) passes, retire the old ones:",
                      `npm run rotate -- --stack ${stack} --retire --report report.json`,
                  ] as [string, string],
              ]
            : []),
    ];
}
