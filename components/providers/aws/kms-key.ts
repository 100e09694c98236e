/**
 * What a KMS key ARN in `encryption.kmsKeyArn` must be for the generated
 * policies to work: a key ARN (never an alias ARN: IAM does not match key use
 * against an alias ARN in a policy's Resource, so every write would fail after
 * a clean deploy), in the bucket's partition and region (the policy pairs the
 * key with `kms:ViaService s3.<bucket region>`, and S3 uses only keys of the
 * bucket's region).
 */
import { quoted } from "../../config-fields";

/** The AWS partitions and how their regions are named. */
const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
type Partition = (typeof PARTITIONS)[number];

export function partitionOf(region: string): Partition {
    return region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** Single-region keys are UUIDs; multi-region keys `mrk-` and 32 hex digits. */
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]*):([^:]*):(.*)$/;
const EXAMPLE = "arn:aws:kms:eu-west-1:111122223333:key/0d6f7a2e-5c1b-4b8e-9f3a-2c4d6e8f0a1b";

export interface KmsKeyArn {
    readonly partition: string;
    readonly region: string;
}

/** The ARN's partition and region, or why it is not a KMS key ARN (with what would be valid). */
export function parseKmsKeyArn(arn: string): KmsKeyArn | { problem: string } {
    const m = ARN.exec(arn);
    if (!m) return { problem: `${quoted(arn)} is not a KMS key ARN; write the key's ARN, e.g. "${EXAMPLE}"` };
    const [, partition, region, account, resource] = m as unknown as [string, string, string, string, string];
    if (!(PARTITIONS as readonly string[]).includes(partition)) {
        return { problem: `${quoted(arn)} names the partition ${quoted(partition)}; KMS key ARNs start with arn:aws:, arn:aws-us-gov: or arn:aws-cn:` };
    }
    if (resource.startsWith("alias/")) {
        return {
            problem:
                `${quoted(arn)} is an alias ARN: IAM does not match key use against an alias in a policy, so every upload ` +
                `would be refused; use the key's own ARN (\`aws kms describe-key --key-id ${resource} --query KeyMetadata.Arn\` prints it)`,
        };
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) return { problem: `${quoted(arn)} has no region (arn:aws:kms:<region>:<account>:key/<key id>)` };
    if (!/^\d{12}$/.test(account)) return { problem: `${quoted(arn)}: the account must be 12 digits (arn:aws:kms:<region>:<account>:key/<key id>)` };
    if (!resource.startsWith("key/") || !KEY_ID.test(resource.slice(4))) {
        return { problem: `${quoted(arn)}: the key id must be a key's UUID or a multi-region key's mrk-<32 hex digits> after "key/"` };
    }
    return { partition, region };
}

/** Why the key cannot encrypt a bucket in `region`; undefined when it can. */
export function kmsKeyRegionProblem(key: KmsKeyArn, region: string): string | undefined {
    if (key.region === region && key.partition === partitionOf(region)) return undefined;
    return (
        `is a key in ${key.region} (${key.partition}) but the bucket is in ${region}: S3 encrypts only with keys of the bucket's ` +
        `region, and the policy allows the key only through S3 in ${region} (kms:ViaService s3.${region}.amazonaws.com); ` +
        `use a key of ${region} (a multi-region key has a replica there with its own ARN)`
    );
}
