/**
 * Environment rules: buckets are named for their stack's environment, no
 * resource points at another environment's bucket, and prod buckets can be
 * neither force-destroyed nor deleted.
 */
import type { PolicyResource } from "@pulumi/policy";
import { nameContainsEnvironment, otherEnvironmentWords } from "../../components/config-fields";
import type { ResourceRule, StackRule } from "../rule";
import { BUCKET_TYPES, STACK_TYPE, TAG, bucketName, bucketNameKey, isKnown, known, ofType, str, tagsOf } from "../resources";
import { AWS_TYPES } from "../../components/providers/aws/resources";
import { PROVIDERS } from "../../components/providers/registry";
import { MANAGED_BY } from "../../components/tags";

// The config schema's tests, so the pack and the config agree on what a bucket name says.
export { nameContainsEnvironment };

export const bucketNameEnvironment: ResourceRule = {
    kind: "resource",
    name: "bucket-name-environment",
    description: "Every bucket name contains its stack's environment as a word, and no other environment's.",
    types: BUCKET_TYPES,
    check(args, ctx) {
        const key = bucketNameKey(args.type);
        const v = known(() => args.props[key]);
        if (!isKnown(v)) return;
        const name = str(v);
        if (name === undefined) {
            ctx.report(args, `has no explicit ${key}`, `set ${key} to a name containing "${ctx.environment}" (e.g. "acme-backup-${ctx.environment}-db")`);
            return;
        }
        if (!nameContainsEnvironment(name, ctx.environment)) {
            ctx.report(
                args,
                `bucket name "${name}" does not contain the environment "${ctx.environment}"`,
                `rename it to contain "${ctx.environment}" as a '-'-separated word, or deploy it with the stack it is named for`,
            );
        }
        const foreign = otherEnvironmentWords(name, ctx.environment);
        if (foreign.length) {
            ctx.report(
                args,
                `bucket name "${name}" names the ${foreign.join(", ")} environment in the ${ctx.environment} stack`,
                `use this environment's bucket; a config copied from ${foreign[0]} must not deploy here`,
            );
        }
    },
};

/** Patterns of every registered provider that find bucket names inside strings (ARNs, resource keys). */
const BUCKET_REFERENCES: readonly RegExp[] = PROVIDERS.profiles.flatMap((p) => p.resources.bucketReferences);
/** Properties that name a bucket on resources that configure one (versioning, lifecycle, lock, tags…). */
const BUCKET_PROPERTIES: readonly string[] = [...new Set([...PROVIDERS.profiles.flatMap((p) => p.resources.bucketReferenceProperties), TAG.bucket])];

/** Bucket names mentioned by a resource: ARNs, bucket properties, tags, provider resource keys. */
export function referencedBucketNames(r: PolicyResource): string[] {
    const found = new Set<string>();
    const visit = (v: unknown, key: string) => {
        if (typeof v === "string") {
            for (const pattern of BUCKET_REFERENCES) for (const m of v.matchAll(pattern)) found.add(m[1]!);
            // A bucket's own name property is not a reference to it.
            if (BUCKET_PROPERTIES.includes(key) && !BUCKET_TYPES.includes(r.type)) found.add(v);
        } else if (Array.isArray(v)) {
            v.forEach((x) => visit(x, key));
        } else if (typeof v === "object" && v !== null) {
            for (const [k, x] of Object.entries(v)) visit(x, k);
        }
    };
    for (const key of Object.keys(r.props)) {
        const v = known(() => r.props[key]);
        if (isKnown(v)) visit(v, key);
    }
    return [...found];
}

export const noCrossEnvironmentReference: StackRule = {
    kind: "stack",
    name: "no-cross-environment-reference",
    description: "No resource references a bucket of another environment.",
    check(resources, ctx) {
        const own = new Set(
            ofType(resources, ...BUCKET_TYPES)
                .map(bucketName)
                .filter((n): n is string => n !== undefined),
        );
        for (const r of resources) {
            if (r.type === STACK_TYPE) continue;
            for (const name of referencedBucketNames(r)) {
                if (own.has(name) && nameContainsEnvironment(name, ctx.environment)) continue;
                const foreign = otherEnvironmentWords(name, ctx.environment);
                if (foreign.length || !nameContainsEnvironment(name, ctx.environment)) {
                    ctx.report(
                        r,
                        `references bucket "${name}", which ${foreign.length ? `belongs to ${foreign.join(", ")}` : `is not a ${ctx.environment} bucket`}`,
                        `point it at a bucket of the ${ctx.environment} stack`,
                    );
                }
            }
        }
    },
};

export const productionBucketProtection: ResourceRule = {
    kind: "resource",
    name: "production-bucket-protection",
    description: "In a production-tier stack, no bucket may be forceDestroy and every bucket is protected from deletion.",
    tiers: ["production"],
    types: BUCKET_TYPES,
    check(args, ctx) {
        const force = known(() => args.props.forceDestroy);
        if (isKnown(force) && force === true) {
            ctx.report(args, "forceDestroy is true: deleting the bucket would delete every backup in it", "remove forceDestroy (or set it to false)");
        }
        if (!args.opts.protect) {
            ctx.report(
                args,
                "is not protected from deletion",
                "register it with { protect: true } (protectBuckets must stay true in a production environment)",
            );
        }
    },
};

/** Credentials name their environment in tags (AWS); it must be the stack's. */
export const credentialEnvironmentTag: ResourceRule = {
    kind: "resource",
    name: "credential-environment-tag",
    description: "Every backup credential user is tagged with its stack's environment and managed-by backup-remotes.",
    types: [AWS_TYPES.user],
    check(args, ctx) {
        const tags = tagsOf(args.props);
        if (tags[TAG.managedBy] !== MANAGED_BY) return; // Not one of ours.
        if (tags[TAG.environment] !== ctx.environment) {
            ctx.report(
                args,
                `tag ${TAG.environment} is ${JSON.stringify(tags[TAG.environment])} in the ${ctx.environment} stack`,
                `create the credential from the ${ctx.environment} config (tag ${TAG.environment}=${ctx.environment})`,
            );
        }
    },
};

export const environmentRules = [bucketNameEnvironment, noCrossEnvironmentReference, productionBucketProtection, credentialEnvironmentTag];
