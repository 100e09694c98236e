/**
 * AWS credential rules. The inline policy of every backup user is evaluated
 * with pbac against what the permission model allows the user's role on its
 * bucket and prefix (tags set by components/aws/credential.ts).
 */
import { ROLES } from "../../components/permissions/roles";
import { checkPolicy, forbiddenStatements } from "../iam/check";
import { parsePolicy } from "../iam/evaluate";
import { backupUsers, identityFromTags, userOf } from "../credentials";
import type { ResourceRule, StackRule } from "../rule";
import type { PolicyResource } from "@pulumi/policy";
import type { KmsScope } from "../../components/providers/aws/access";
import {
    AWS_BUCKET_TYPES,
    CREDENTIAL_TYPES,
    SECRET_OUTPUTS,
    TAG,
    UNKNOWN,
    bucketName,
    isKnown,
    known,
    label,
    mergedInlinePolicy,
    ofType,
    referencedBucket,
    tagsKnown,
    tagsOf,
} from "../resources";
import { AWS_TYPES } from "../../components/providers/aws/resources";

export const awsCredentialLeastPrivilege: StackRule = {
    kind: "stack",
    name: "aws-credential-least-privilege",
    description: "Every AWS backup user's inline policy allows exactly what its role may do on its bucket and prefix, evaluated with pbac.",
    check(resources, ctx) {
        const users = backupUsers(resources);
        const policies = ofType(resources, AWS_TYPES.userPolicy);
        for (const user of users) {
            if (!tagsKnown(user.props)) continue; // Checked once the tags are known.
            const id = identityFromTags(tagsOf(user.props));
            const mine = policies.filter((p) => userOf(p, users) === user);
            if (!id.role || id.bucket === undefined || id.prefix === undefined) {
                ctx.report(
                    user,
                    `tags ${TAG.role} (${ROLES.join("|")}), ${TAG.bucket} and ${TAG.prefix} are missing or invalid, so its grants cannot be checked`,
                    "create the user through AwsBackupCredential, which tags it from the config",
                );
                continue;
            }
            if (mine.length === 0) {
                ctx.report(user, "has no inline policy", `attach the policy from awsPolicyDocument("${id.role}", "${id.bucket}", "${id.prefix}")`);
                continue;
            }
            // Several inline policies act as one: their statements merged.
            const policy = mergedInlinePolicy(mine);
            if (!isKnown(policy)) continue; // Checked again once the documents are known.
            const kms = kmsScopeOf(resources, id.bucket);
            if (kms === UNKNOWN) continue; // Checked again once the bucket's encryption is known.
            const findings = checkPolicy(policy, { role: id.role, bucket: id.bucket, prefix: id.prefix, kms });
            for (const f of findings) {
                ctx.report(
                    mine[0]!,
                    `user ${label(user)} (${id.role} on ${id.bucket}/${id.prefix}) ${f.message}`,
                    `generate the policy with awsPolicyDocument("${id.role}", "${id.bucket}", "${id.prefix}") from components/providers/aws/access.ts (with the bucket's KMS key when it has one); ` +
                        "if the role must change, change it in the config",
                );
            }
        }
    },
};

/** The KMS key of `bucket` when the stack gives it aws:kms default encryption; UNKNOWN while preview cannot tell. */
function kmsScopeOf(resources: readonly PolicyResource[], bucket: string): KmsScope | undefined | typeof UNKNOWN {
    const buckets = ofType(resources, ...AWS_BUCKET_TYPES);
    const own = buckets.find((b) => bucketName(b) === bucket);
    for (const config of ofType(resources, AWS_TYPES.encryption, AWS_TYPES.encryptionV2)) {
        const target = referencedBucket(config, "bucket", buckets);
        if (target === undefined || target !== own) continue;
        const rules = known(() => config.props.rules);
        const region = known(() => config.props.region ?? own.props.region);
        if (!isKnown(rules) || !isKnown(region)) return UNKNOWN;
        const byDefault = (Array.isArray(rules) ? rules : []).map(
            (r) => (r as { applyServerSideEncryptionByDefault?: Record<string, unknown> }).applyServerSideEncryptionByDefault,
        );
        const kms = byDefault.find((d) => d?.sseAlgorithm === "aws:kms" && typeof d.kmsMasterKeyId === "string");
        if (kms && typeof region === "string") return { keyArn: String(kms.kmsMasterKeyId), region };
    }
    return undefined;
}

export const awsCredentialInlinePolicyOnly: StackRule = {
    kind: "stack",
    name: "aws-credential-inline-policy-only",
    description: "AWS backup users get their grants only from their inline policy: no managed-policy attachments.",
    check(resources, ctx) {
        const users = backupUsers(resources);
        for (const a of ofType(resources, AWS_TYPES.userPolicyAttachment)) {
            const user = userOf(a, users);
            if (user)
                ctx.report(
                    a,
                    `attaches a managed policy to backup user ${label(user)}, which the pack cannot bound`,
                    "remove the attachment; grants come from the inline policy",
                );
        }
    },
};

export const awsPolicyForbiddenActions: ResourceRule = {
    kind: "resource",
    name: "aws-policy-forbidden-actions",
    description: "No IAM user policy statement grants *, s3:*, iam:*, s3:ListAllMyBuckets, bucket administration or version-level deletes.",
    types: [AWS_TYPES.userPolicy],
    check(args, ctx) {
        const doc = known(() => args.props.policy);
        if (!isKnown(doc)) return;
        let statements: string[];
        try {
            statements = forbiddenStatements(parsePolicy(doc));
        } catch (e) {
            ctx.report(args, `the policy cannot be read (${(e as Error).message})`, "give the policy as a JSON IAM policy document");
            return;
        }
        for (const s of statements) {
            ctx.report(args, s, "remove the action; the permission model (components/providers/aws/access.ts) lists the only actions a backup key gets");
        }
    },
};

export const credentialSecretOutputs: ResourceRule = {
    kind: "resource",
    name: "credential-secret-outputs",
    description: "Every credential's secret output is a Pulumi secret from birth.",
    types: CREDENTIAL_TYPES,
    check(args, ctx) {
        const missing = (SECRET_OUTPUTS[args.type] ?? []).filter((k) => !args.opts.additionalSecretOutputs.includes(k));
        if (missing.length) {
            ctx.report(
                args,
                `output ${missing.join(", ")} is not registered as a secret`,
                `create it with the provider SDK class (which marks it) or pass { additionalSecretOutputs: [${missing.map((m) => `"${m}"`).join(", ")}] }`,
            );
        }
    },
};

export const awsCredentialRules = [awsCredentialLeastPrivilege, awsCredentialInlinePolicyOnly, awsPolicyForbiddenActions, credentialSecretOutputs];
