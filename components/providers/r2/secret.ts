/**
 * R2's S3 credentials are derived from an API token: the access key id is the
 * token's id, the secret access key is the SHA-256 hex digest of the token's
 * value (developers.cloudflare.com/r2/api/tokens/, "Get S3 API credentials
 * from an API token").
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

export function sha256Hex(value: string): string {
    return createHash("sha256").update(value, "utf8").digest("hex");
}

/** The secret access key of a token, secret whether or not its input was marked so. */
export function r2SecretAccessKey(tokenValue: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.secret(pulumi.secret(tokenValue).apply(sha256Hex));
}
