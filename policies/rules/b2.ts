/**
 * Backblaze B2 rules, on the property names of the B2 SDK (sdks/b2, generated
 * shape of the backblaze/b2 Terraform provider): buckets are allPrivate with
 * lifecycle rules and default encryption; application keys reach one bucket,
 * carry the credential's namePrefix and hold only the role's capabilities.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { PermissionEntry } from "../../components/outputs";
import { ROLES } from "../../components/permissions/roles";
import { b2Capabilities } from "../../components/providers/b2/access";
import { B2 } from "../../components/providers/b2/schema";
import { entriesFor, permissionEntries } from "../credentials";
import type { ResourceRule, StackRule } from "../rule";
import { bucketName, isKnown, known, ofType, referencedBucket } from "../resources";
import { B2_TYPES } from "../../components/providers/b2/resources";
import { PROVIDERS } from "../../components/providers/registry";
import { isRecord } from "../../components/config-fields";

export const b2BucketPrivate: ResourceRule = {
    kind: "resource",
    name: "b2-bucket-private",
    description: "Every B2 bucket is allPrivate.",
    types: [B2_TYPES.bucket],
    check(args, ctx) {
        const t = known(() => args.props.bucketType);
        if (isKnown(t) && t !== "allPrivate") ctx.report(args, `bucketType is ${JSON.stringify(t)}`, 'set bucketType to "allPrivate"');
    },
};

export const b2BucketLifecycle: ResourceRule = {
    kind: "resource",
    name: "b2-bucket-lifecycle",
    description: "Every B2 bucket has a whole-bucket lifecycle rule that deletes hidden versions and cancels unfinished large files.",
    types: [B2_TYPES.bucket],
    check(args, ctx) {
        const rules = known(() => args.props.lifecycleRules);
        if (!isKnown(rules)) return;
        const whole = (Array.isArray(rules) ? rules : []).filter(isRecord).filter((r) => (r.fileNamePrefix ?? "") === "");
        const has = (key: string) => whole.some((r) => typeof r[key] === "number" && (r[key] as number) > 0);
        for (const key of ["daysFromHidingToDeleting", "daysFromStartingToCancelingUnfinishedLargeFiles"]) {
            if (!has(key)) {
                ctx.report(args, `no lifecycle rule with fileNamePrefix "" sets ${key}`, `add lifecycleRules: [{ fileNamePrefix: "", ${key}: <days> }]`);
            }
        }
    },
};

export const b2BucketEncryption: ResourceRule = {
    kind: "resource",
    name: "b2-bucket-encryption",
    description: "Every B2 bucket has default server-side encryption (SSE-B2).",
    types: [B2_TYPES.bucket],
    check(args, ctx) {
        const e = known(() => args.props.defaultServerSideEncryption);
        if (!isKnown(e)) return;
        const conf = Array.isArray(e) ? e[0] : e;
        if (!isRecord(conf) || conf.mode !== "SSE-B2") {
            ctx.report(
                args,
                `defaultServerSideEncryption is ${JSON.stringify(conf ?? null)}`,
                'set defaultServerSideEncryption to { mode: "SSE-B2", algorithm: "AES256" }',
            );
        }
    },
};

/** The permission entry of a B2 key: by credential name in keyName, else by prefix, else the only candidate. */
export function entryOfKey(key: PolicyResource, candidates: readonly PermissionEntry[]): PermissionEntry | undefined {
    const keyName = known(() => key.props.keyName);
    const prefix = known(() => key.props.namePrefix);
    const byName =
        isKnown(keyName) && typeof keyName === "string"
            ? candidates.filter((c) => keyName.includes(`-${c.credential}-`) || keyName.endsWith(`-${c.credential}`))
            : [];
    if (byName.length === 1) return byName[0];
    const byPrefix = isKnown(prefix) ? candidates.filter((c) => c.prefix === (prefix ?? "")) : [];
    if (byPrefix.length === 1) return byPrefix[0];
    return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The distinct bucket ids a key is restricted to, from `bucketId` and `bucketIds` together:
 * the provider stores both for the same restriction (B2RemoteConfig.keyApi), so one bucket
 * shows in both. Undefined while either is unknown (a preview).
 */
export function keyBucketIds(key: PolicyResource): string[] | undefined {
    const ids = known(() => key.props.bucketIds);
    const single = known(() => key.props.bucketId);
    if (!isKnown(ids) || !isKnown(single)) return undefined;
    const all = [...(Array.isArray(ids) ? ids : []), single].filter((x): x is string => typeof x === "string" && x !== "");
    return [...new Set(all)];
}

export const b2KeyScope: StackRule = {
    kind: "stack",
    name: "b2-key-scope",
    description:
        "Every B2 application key is restricted to one bucket of the stack, carries its credential's namePrefix and holds only its role's capabilities, never an account-level one.",
    check(resources, ctx) {
        const buckets = ofType(resources, B2_TYPES.bucket);
        const entries = permissionEntries(resources);
        for (const key of ofType(resources, B2_TYPES.applicationKey)) {
            const restriction = keyBucketIds(key);
            const bucketsUnknown = restriction === undefined;
            const count = restriction?.length ?? 0;
            if (!bucketsUnknown && count !== 1) {
                ctx.report(
                    key,
                    count === 0
                        ? "is not restricted to a bucket (no bucketId or bucketIds): it reaches every bucket of the account"
                        : `reaches ${count} buckets`,
                    "restrict it to exactly the id of the credential's bucket (bucketId, or bucketIds with keyApi v4)",
                );
            }
            const bucket = referencedBucket(key, "bucketIds", buckets) ?? referencedBucket(key, "bucketId", buckets);
            if (!bucketsUnknown && count === 1 && !bucket) {
                ctx.report(key, "points at a bucket that is not a B2 bucket of this stack", "use the id of this environment's bucket resource");
            }

            const caps = known(() => key.props.capabilities);
            const capabilities = isKnown(caps) && Array.isArray(caps) ? caps.map(String) : undefined;
            const forbidden = (capabilities ?? []).filter((c) => PROVIDERS.get(B2).access.forbidden.includes(c));
            if (forbidden.length) {
                ctx.report(
                    key,
                    `holds ${forbidden.join(", ")}, beyond one bucket's files`,
                    "remove them; b2Capabilities(role) in components/providers/b2/access.ts lists what a role gets",
                );
            }

            const entry = entryOfKey(key, entriesFor(entries, B2, bucket ? bucketName(bucket) : undefined));
            const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
            if (capabilities && forbidden.length === 0) {
                if (entry && !sameSet(capabilities, b2Capabilities(entry.role))) {
                    ctx.report(
                        key,
                        `capabilities [${capabilities.join(", ")}] differ from the ${entry.role} role's [${b2Capabilities(entry.role).join(", ")}]`,
                        `set capabilities to b2Capabilities("${entry.role}")`,
                    );
                } else if (!entry && !ROLES.some((r) => sameSet(capabilities, b2Capabilities(r)))) {
                    ctx.report(key, `capabilities [${capabilities.join(", ")}] are no role's`, "set capabilities to b2Capabilities(role)");
                }
            }
            const np = known(() => key.props.namePrefix);
            if (entry && entry.prefix !== "" && isKnown(np) && np !== entry.prefix) {
                ctx.report(
                    key,
                    `namePrefix is ${JSON.stringify(np ?? null)} but credential "${entry.credential}" has prefix "${entry.prefix}"`,
                    `set namePrefix to "${entry.prefix}"`,
                );
            }
        }
    },
};

export const b2Rules = [b2BucketPrivate, b2BucketLifecycle, b2BucketEncryption, b2KeyScope];
