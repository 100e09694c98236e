/**
 * The provider facts the probes rely on come from each provider's profile
 * (profile.probes, components/providers/<name>/probes.ts); what rclone does
 * underneath is keyed by rclone backend type (the section's `type`), which is
 * rclone's knowledge, not a provider's. Nothing else in cli/postdeploy/
 * names a provider.
 */
import type { PermissionEntry, ProviderName } from "../../components/outputs";
import { keepsVersions } from "../../components/permissions/protections";
import type { ProviderProbeFacts } from "../../components/providers/probe-facts";
import { PROVIDERS } from "../../components/providers/registry";
import type { DeployedSection } from "./outputs";

export { BUCKET_SETTINGS, type BucketSetting, type ProbeApiKind } from "../../components/providers/probe-facts";

/** The probe facts of a registered provider (outputs name only registered ones: outputs.ts checks). */
export function probeFacts(provider: ProviderName): ProviderProbeFacts {
    return PROVIDERS.get(provider).probes;
}

/** The probe facts of every registered provider (to classify an error whose provider is unknown). */
export function allProbeFacts(): readonly ProviderProbeFacts[] {
    return PROVIDERS.profiles.map((p) => p.probes);
}

/** Whether the bucket of `entry` keeps noncurrent versions (its protections, as values). */
export function bucketKeepsVersions(entry: Pick<PermissionEntry, "protections">): boolean {
    return keepsVersions(entry.protections);
}

/** The provider request underneath each rclone operation, by rclone backend type (the section's `type`). */
export const RCLONE_BACKEND_CALLS: Readonly<Record<string, Readonly<Record<"list" | "write" | "read" | "delete", string>>>> = {
    s3: { list: "S3 ListObjectsV2", write: "S3 PutObject / multipart upload", read: "S3 GetObject", delete: "S3 DeleteObject" },
    b2: { list: "b2_list_file_names", write: "b2_upload_file", read: "b2_download_file_by_name", delete: "b2_hide_file (hard_delete = false)" },
};

/** What rclone does underneath an operation of the section's, for the report. */
export function backendCall(section: DeployedSection, op: "list" | "write" | "read" | "delete"): string {
    return RCLONE_BACKEND_CALLS[section.options.type ?? "s3"]?.[op] ?? op;
}

/** The options that hold a section's key id and secret, by rclone backend type. */
const RCLONE_KEY_OPTIONS: Readonly<Record<string, { readonly id: string; readonly secret: string }>> = {
    s3: { id: "access_key_id", secret: "secret_access_key" },
    b2: { id: "account", secret: "key" },
};

/** Key id and secret of an rclone section ("" where unset); a backend type not listed names them as S3 does. */
export function sectionKeys(options: Readonly<Record<string, string>>): { id: string; secret: string } {
    const type = options.type ?? "s3";
    const names = Object.hasOwn(RCLONE_KEY_OPTIONS, type) ? RCLONE_KEY_OPTIONS[type]! : RCLONE_KEY_OPTIONS.s3!;
    return { id: options[names.id] ?? "", secret: options[names.secret] ?? "" };
}

/**
 * Connection-string options, by rclone backend type, that make rclone upload
 * the copy-rerun probe (64 KiB) as a multipart upload: test-only, real jobs
 * keep their defaults. Its ETag is then no MD5, like a large file's (or any
 * object's in an aws:kms bucket), which is what made a second `rclone copy
 * --checksum` HEAD the destination. B2 lists a SHA-1 for every file rclone
 * uploads, large or not, so its probe needs no such option.
 */
export const MULTIPART_PROBE_OPTIONS: Readonly<Partial<Record<string, string>>> = {
    s3: "upload_cutoff=1k",
};
