/**
 * What an AWS credential of a role may do on its bucket and prefix, derived
 * from the permission model (components/permissions), and the requests that
 * probe a policy for it: every model action inside and outside the scope,
 * every forbidden action, and S3/IAM actions the model never grants.
 */
import {
    AWS_ACCESS,
    AWS_ACL_KEY,
    AWS_CANNED_ACLS,
    AWS_FORBIDDEN_ACTIONS,
    AWS_KMS_ACTIONS,
    AWS_LIST_ACTION,
    AWS_OBJECT_ACTIONS,
    KMS_S3_CONTEXT_KEY,
    bucketArn,
    kmsActionsFor,
    kmsViaService,
    type KmsScope,
} from "../../components/providers/aws/access";
import type { GrantCondition } from "../../components/permissions/access";
import type { Capability, Role } from "../../components/permissions/roles";
import { CAPABILITIES, roleAllows } from "../../components/permissions/roles";
import type { IamRequest } from "./evaluate";

export interface CredentialScope {
    readonly role: Role;
    readonly bucket: string;
    /** Normalised: "" or "a/b/". */
    readonly prefix: string;
    /** The bucket's KMS key, when its default encryption is aws:kms. */
    readonly kms?: KmsScope;
}

/**
 * Actions outside the model used as probes, so that a wildcard (`s3:Get*`,
 * `s3:*`, `*`, `iam:*`) or an extra action is seen as the grant it is. This
 * is a sample of the AWS action catalogue, not a role table: every one of
 * them is expected to be denied because no capability maps to it.
 */
const CATALOGUE_PROBES: readonly string[] = [
    "s3:GetObjectAcl",
    "s3:GetObjectTagging",
    "s3:PutObjectTagging",
    "s3:DeleteObjectTagging",
    "s3:GetObjectVersionAcl",
    "s3:DeleteObjectVersionTagging",
    "s3:RestoreObject",
    "s3:PutObjectLegalHold",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
    "s3:ListMultipartUploadParts",
    "s3:GetBucketPolicy",
    "s3:GetBucketAcl",
    "s3:PutBucketTagging",
    "s3:PutEncryptionConfiguration",
    "s3:PutReplicationConfiguration",
    "s3:PutBucketLogging",
    "s3:PutBucketNotification",
    "s3:PutBucketCORS",
    "s3:PutBucketWebsite",
    "s3:DeleteBucketOwnershipControls",
    "s3:PutAccessPointPolicy",
    "s3:CreateAccessPoint",
    "s3:PutAccountPublicAccessBlock",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ObjectOwnerOverrideToBucketOwner",
    // Stand-ins for `*` and `iam:*`.
    "iam:CreateAccessKey",
    "iam:PutUserPolicy",
    "iam:AttachUserPolicy",
    "iam:CreateUser",
    "iam:PassRole",
    "sts:AssumeRole",
    "kms:Decrypt",
    "ec2:RunInstances",
    "organizations:LeaveOrganization",
];

function objectCapability(action: string): Exclude<Capability, "list"> | undefined {
    for (const c of CAPABILITIES) {
        if (c !== "list" && AWS_OBJECT_ACTIONS[c].some((a) => a.toLowerCase() === action.toLowerCase())) return c;
    }
    return undefined;
}

/** Whether the model lets a credential of this scope make a KMS request: through S3, for this bucket's objects, on its key. */
function kmsAllows(scope: CredentialScope, request: IamRequest): boolean {
    const { kms } = scope;
    if (!kms || request.resource !== kms.keyArn) return false;
    if (!kmsActionsFor(scope.role).some((a) => a.toLowerCase() === request.action.toLowerCase())) return false;
    const context = request.context ?? {};
    const object = context[KMS_S3_CONTEXT_KEY];
    const arn = bucketArn(scope.bucket);
    return context["kms:ViaService"] === kmsViaService(kms.region) && object !== undefined && (object === arn || object.startsWith(`${arn}/${scope.prefix}`));
}

/** Whether the model lets a credential of this scope make the request. */
export function modelAllows(scope: CredentialScope, request: IamRequest): boolean {
    if (request.action.toLowerCase().startsWith("kms:")) return kmsAllows(scope, request);
    const arn = bucketArn(scope.bucket);
    if (request.action.toLowerCase() === AWS_LIST_ACTION.toLowerCase()) {
        if (request.resource !== arn || !roleAllows(scope.role, "list")) return false;
        return scope.prefix === "" || request.prefix?.startsWith(scope.prefix) === true;
    }
    const capability = objectCapability(request.action);
    if (capability === undefined || !roleAllows(scope.role, capability)) return false;
    const condition = conditionOf(request.action);
    if (condition && !condition.values.includes(request.context?.[condition.key] ?? "")) return false;
    return request.resource.startsWith(`${arn}/${scope.prefix}`);
}

/** The condition the model issues an action under, if any (s3:PutObjectAcl: only bucket-owner-full-control). */
function conditionOf(action: string): GrantCondition | undefined {
    return AWS_ACCESS.grants.find((g) => g.name.toLowerCase() === action.toLowerCase())?.onlyWhen;
}

/** What a request can say for a condition key: the values the model allows and, for the ACL header, every canned ACL. */
function conditionProbeValues(c: GrantCondition): string[] {
    return [...new Set([...c.values, ...(c.key === AWS_ACL_KEY ? AWS_CANNED_ACLS : ["some-other-value"])])];
}

/** A request together with the verdict the model expects. */
export interface IamProbe extends IamRequest {
    readonly expected: boolean;
    /** Where the request points, in words, for violation messages. */
    readonly where: string;
}

/** Every probe for a credential scope; `kmsKeys`: further KMS key ARNs to probe (e.g. those a policy names). */
export function probesFor(scope: CredentialScope, kmsKeys: readonly string[] = []): IamProbe[] {
    const arn = bucketArn(scope.bucket);
    const trimmed = scope.prefix.replace(/\/$/, "");
    // A sibling that shares the prefix's characters but not its path segment.
    const sibling = scope.prefix ? `${trimmed}-sibling/` : undefined;
    const otherBuckets = [`${scope.bucket}-elsewhere`, "another-teams-bucket"];

    const objectLocations: { resource: string; where: string }[] = [
        { resource: `${arn}/${scope.prefix}probe/object`, where: `inside ${scope.bucket}/${scope.prefix}` },
        ...(scope.prefix
            ? [
                  { resource: `${arn}/object-at-root`, where: `at the root of ${scope.bucket}, outside ${scope.prefix}` },
                  { resource: `${arn}/${sibling}object`, where: `in ${scope.bucket}/${sibling}, outside ${scope.prefix}` },
              ]
            : []),
        ...otherBuckets.map((b) => ({ resource: `${bucketArn(b)}/${scope.prefix}object`, where: `in another bucket (${b})` })),
        { resource: "*", where: "on every resource (*)" },
    ];
    const bucketLocations: { resource: string; where: string }[] = [
        { resource: arn, where: `on bucket ${scope.bucket}` },
        ...otherBuckets.map((b) => ({ resource: bucketArn(b), where: `on another bucket (${b})` })),
        { resource: "*", where: "on every resource (*)" },
    ];

    const probes: IamProbe[] = [];
    const add = (r: IamRequest, where: string) => probes.push({ ...r, expected: modelAllows(scope, r), where });

    const modelObjectActions = CAPABILITIES.flatMap((c) => (c === "list" ? [] : AWS_OBJECT_ACTIONS[c]));
    for (const action of modelObjectActions) {
        for (const l of objectLocations) add({ action, resource: l.resource }, l.where);
        // A conditioned grant: every value the request could carry (a public ACL too), each judged by the model.
        const condition = conditionOf(action);
        if (!condition) continue;
        for (const value of conditionProbeValues(condition)) {
            for (const l of objectLocations)
                add({ action, resource: l.resource, context: { [condition.key]: value } }, `${l.where} with ${condition.key} "${value}"`);
        }
    }

    const listPrefixes: { prefix?: string; where: string }[] = [
        { prefix: scope.prefix, where: `listing ${scope.bucket}/${scope.prefix}` },
        { prefix: `${scope.prefix}sub/`, where: `listing ${scope.bucket}/${scope.prefix}sub/` },
        ...(scope.prefix
            ? [
                  { where: `listing all of ${scope.bucket} (no prefix)` },
                  { prefix: "", where: `listing all of ${scope.bucket} (empty prefix)` },
                  { prefix: sibling, where: `listing ${scope.bucket}/${sibling}` },
              ]
            : [{ where: `listing all of ${scope.bucket}` }]),
    ];
    for (const l of bucketLocations) {
        for (const p of listPrefixes) {
            add(
                { action: AWS_LIST_ACTION, resource: l.resource, ...(p.prefix !== undefined ? { prefix: p.prefix } : {}) },
                l.resource === arn ? p.where : l.where,
            );
        }
    }

    probes.push(...kmsProbes(scope, kmsKeys));

    // Forbidden actions (wildcard entries are covered by the catalogue's stand-ins) and the catalogue.
    const denied = [...AWS_FORBIDDEN_ACTIONS.filter((a) => !a.includes("*")), ...CATALOGUE_PROBES];
    for (const action of denied) {
        for (const l of [...bucketLocations, ...objectLocations.slice(0, 1)]) add({ action, resource: l.resource }, l.where);
    }
    return probes;
}

/** KMS actions probed on a key: the model's own, and neighbours a widened grant would include. */
const KMS_PROBE_ACTIONS: readonly string[] = [
    ...new Set([
        ...Object.values(AWS_KMS_ACTIONS).flat(),
        "kms:Encrypt",
        "kms:ReEncryptFrom",
        "kms:GenerateDataKeyWithoutPlaintext",
        "kms:CreateGrant",
        "kms:DescribeKey",
        "kms:ScheduleKeyDeletion",
    ]),
];

/**
 * KMS requests on the bucket's key (or, for a bucket without one, on some
 * key): made by S3 for this bucket's objects under the prefix (allowed for
 * the role's actions), and every way out of that: a direct call, another
 * service or region, another bucket's or prefix's objects, another key.
 */
function kmsProbes(scope: CredentialScope, kmsKeys: readonly string[]): IamProbe[] {
    const key = scope.kms?.keyArn ?? "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000";
    const region = scope.kms?.region ?? "eu-west-1";
    const arn = bucketArn(scope.bucket);
    const viaS3 = { "kms:ViaService": kmsViaService(region) };
    const inside = { ...viaS3, [KMS_S3_CONTEXT_KEY]: `${arn}/${scope.prefix}probe/object` };
    const cases: { resource: string; context: Record<string, string>; where: string }[] = [
        { resource: key, context: inside, where: `on ${scope.bucket}/${scope.prefix}'s key through S3` },
        { resource: key, context: { ...viaS3, [KMS_S3_CONTEXT_KEY]: arn }, where: `on ${scope.bucket}'s key through S3 (S3 Bucket Key)` },
        { resource: key, context: { [KMS_S3_CONTEXT_KEY]: arn }, where: "on the bucket's key, called directly (not through S3)" },
        { resource: key, context: { ...inside, "kms:ViaService": `ec2.${region}.amazonaws.com` }, where: "on the bucket's key through another service" },
        {
            resource: key,
            context: { ...inside, "kms:ViaService": kmsViaService(region === "us-east-1" ? "eu-west-1" : "us-east-1") },
            where: "on the bucket's key through S3 in another region",
        },
        { resource: key, context: { ...viaS3, [KMS_S3_CONTEXT_KEY]: `${bucketArn(`${scope.bucket}-elsewhere`)}/x` }, where: "for another bucket's objects" },
        { resource: `${key.replace(/key\/.*$/, "key/")}11111111-2222-3333-4444-555555555555`, context: inside, where: "on another key" },
    ];
    if (scope.prefix) {
        cases.push({ resource: key, context: { ...viaS3, [KMS_S3_CONTEXT_KEY]: `${arn}/object-at-root` }, where: `for objects outside ${scope.prefix}` });
    }
    for (const other of new Set(kmsKeys)) {
        if (other === scope.kms?.keyArn) continue;
        // Through S3 of the key's own region: the request such a grant would let through.
        const via = { ...inside, "kms:ViaService": kmsViaService(other.split(":")[3] ?? region) };
        cases.push({ resource: other, context: via, where: `on ${other}, which is not ${scope.bucket}'s key` });
    }
    return KMS_PROBE_ACTIONS.flatMap((action) =>
        cases.map((c) => {
            const request: IamRequest = { action, resource: c.resource, context: c.context };
            return { ...request, expected: modelAllows(scope, request), where: c.where };
        }),
    );
}
