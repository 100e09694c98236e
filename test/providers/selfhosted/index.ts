/**
 * A fourth provider, registered only in its test: a self-hosted S3 server
 * whose keys are scoped to one bucket and prefix and which keeps versions.
 * Everything it needs is in this folder; the program takes it through the
 * registry, with no change anywhere else.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { days, strictObject } from "../../../components/config-fields";
import { identityName } from "../../../components/naming";
import type { AccessModel } from "../../../components/permissions/access";
import { grantsForRole } from "../../../components/permissions/access";
import type { Protections } from "../../../components/permissions/protections";
import { namePrefix, neutral, rankedGrants } from "../../../components/providers/input-comparers";
import { componentType, type BucketModel, type ProviderProfile } from "../../../components/providers/profile";
import { S3_ERROR_SIGNATURES } from "../../../components/providers/s3-errors";
import { noReadSectionOptions, roleRcloneFlags } from "../../../components/rclone/role-options";

export const SELFHOSTED = "selfhosted";

const schema = strictObject({
    provider: z.literal(SELFHOSTED),
    bucket: z.string().regex(/^[a-z0-9-]{3,63}$/, { error: "bucket must be 3-63 lowercase letters, digits and '-'" }),
    endpoint: z.url({ error: "endpoint must be the server's URL" }),
    noncurrentDays: days("noncurrentDays").default(30),
});
type SelfHostedConfig = z.infer<typeof schema>;

const access: AccessModel = {
    grants: [
        { name: "list", allows: { list: "allowed" } },
        { name: "get", allows: { read: "allowed" } },
        { name: "put", allows: { write: "allowed" } },
        { name: "delete", allows: { delete: "allowed" } },
    ],
    issue: { kind: "per-capability", grants: { list: ["list"], read: ["get"], write: ["put"], delete: ["delete"] } },
    prefixEnforced: true,
    forbidden: ["admin"],
};

function model(c: SelfHostedConfig): BucketModel {
    const protections: Protections = {
        versioning: { state: "enabled", noncurrentDays: c.noncurrentDays },
        locks: [],
        abortIncompleteUploadsDays: 7,
        transitions: [],
        encryption: "none",
        tlsOnly: false,
        summary: [`versions kept ${c.noncurrentDays} days`],
    };
    return { bucket: c.bucket, endpoint: c.endpoint, region: "us-east-1", protections };
}

class BucketComponent extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super(componentType(SELFHOSTED, "BackupBucket"), name, {}, opts);
    }
}

class Bucket extends pulumi.CustomResource {
    constructor(name: string, args: { bucket: string }, opts: pulumi.CustomResourceOptions) {
        super("selfhosted:index:Bucket", name, args, opts);
    }
}

/** The server's access key resource: its secret is a secret output, as a real provider would mark it. */
class Key extends pulumi.CustomResource {
    declare readonly accessKeyId: pulumi.Output<string>;
    declare readonly secretKey: pulumi.Output<string>;
    constructor(name: string, args: Record<string, pulumi.Input<unknown>>, opts: pulumi.CustomResourceOptions) {
        super("selfhosted:index:Key", name, { ...args, accessKeyId: undefined, secretKey: undefined }, { ...opts, additionalSecretOutputs: ["secretKey"] });
    }
}

export const selfHostedProfile: ProviderProfile<SelfHostedConfig> = {
    name: SELFHOSTED,
    title: "Self-hosted S3",
    remoteSchema: schema,
    access,
    deviations: { beyondRole: {} },
    grantsIssued: (_config, role) => grantsForRole(access, role),
    bucketModel: model,
    provision(name, args, opts) {
        const component = new BucketComponent(name, opts);
        new Bucket(name, { bucket: args.config.bucket }, { parent: component, protect: args.protect });
        return {
            model: model(args.config),
            issueCredential(n, a, o) {
                const key = new Key(
                    n,
                    {
                        name: identityName(a.environment, a.credential, a.host),
                        grants: grantsForRole(access, a.role),
                        prefix: a.prefix,
                    },
                    o,
                );
                return {
                    sectionOptions: {
                        type: "s3",
                        provider: "Other",
                        endpoint: args.config.endpoint,
                        access_key_id: key.accessKeyId,
                        secret_access_key: pulumi.secret(key.secretKey),
                        no_check_bucket: "true",
                        ...noReadSectionOptions(a.role),
                    },
                    rcloneFlags: roleRcloneFlags(a.role),
                };
            },
        };
    },
    guardDeployer: () => undefined,
    // An admin key of the server that may create buckets and keys, named by the stack's buckets.
    deployer: {
        options: [],
        policy: (d) => ({
            document: { adminKeyFor: d.remotes.map((r) => r.config.bucket) },
            text: [`An admin key of the server that may create ${d.remotes.map((r) => r.config.bucket).join(", ")} and their keys.`],
            limits: [],
        }),
    },
    probes: {
        api: "s3",
        calls: {
            deleteObject: "S3 DeleteObject",
            deleteVersion: "S3 DeleteObject ?versionId",
            listBuckets: "S3 ListBuckets",
            createBucket: "S3 CreateBucket",
            bucketSettings: { versioning: "S3 PutBucketVersioning" },
        },
        versionObserverCapability: "read",
        errorSignatures: S3_ERROR_SIGNATURES,
        canaryHost: "s3.lab.example",
    },
    mocks: {
        computedOutputs: {
            "selfhosted:index:Key": (n) => ({ id: `key-${n}`, outputs: { accessKeyId: `SH${n}`, secretKey: `mocksecret-${n}` } }),
        },
        callResults: {},
    },
    // Its key resource's inputs, for the permission diff: what they change, and that the server replaces a key for any of them.
    credentialInputs: {
        "selfhosted:index:Key": {
            label: "access key",
            holdsKey: true,
            rules: [
                { inputs: ["name"], compare: neutral(), replaces: true },
                { inputs: ["grants"], compare: rankedGrants(access), replaces: true },
                { inputs: ["prefix"], compare: namePrefix(), replaces: true },
            ],
        },
    },
    resources: {
        buckets: { "selfhosted:index:Bucket": "bucket" },
        credentials: { "selfhosted:index:Key": ["secretKey"] },
        bucketReferences: [],
        bucketReferenceProperties: [],
    },
};
