/**
 * What AWS needs to allow each S3 REST request rclone (or anything) sends:
 * the IAM action(s), the resource each is checked on, the condition keys the
 * request sets, and what a BucketOwnerEnforced bucket refuses before any
 * policy is read. Read from AWS's S3 API reference ("Permissions" of each
 * operation) and the Service Authorization Reference for Amazon S3.
 *
 * Used on recorded traffic (test/contract/rclone-wire.test.ts): every request
 * a host's rclone makes with a generated section is held against that
 * section's own policy. A request this table does not know is reported as
 * such, never guessed.
 */
import { AWS_OBJECT_OWNERSHIP, AWS_OWNER_ACL, bucketArn } from "./access";

/** One HTTP request as it went over the wire: header names lower-case, query decoded. */
export interface S3WireRequest {
    readonly method: string;
    /** The Host header (virtual-hosted style names the bucket there). */
    readonly host: string;
    /** The request path without its query, percent-encoded as sent. */
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    readonly headers: Readonly<Record<string, string>>;
}

/** One authorization AWS makes for a request: this action on this resource, with these condition keys. */
export interface IamAuthorization {
    readonly action: string;
    readonly resource: string;
    /** Condition keys the request sets (s3:prefix, s3:x-amz-acl, …); a key the request lacks is absent. */
    readonly context: Readonly<Record<string, string>>;
}

export interface AuthorizedRequest {
    /** The S3 API operation (PutObject, ListObjectsV2, …). */
    readonly operation: string;
    readonly bucket?: string;
    readonly key?: string;
    /** All of them must be allowed. */
    readonly authorizations: readonly IamAuthorization[];
    /** Why a BucketOwnerEnforced bucket refuses the request whatever the policy says; empty: it does not. */
    readonly refusals: readonly string[];
}

export interface UnknownRequest {
    readonly unknown: string;
}

type Level = "service" | "bucket" | "object";
/** The action, or with `?versionId=` (or a versioned copy source) the version action. */
type Action = string | { readonly current: string; readonly version: string };

interface Row {
    readonly operation: string;
    readonly method: string;
    readonly level: Level;
    /** A query parameter (subresource) or header the request must carry. */
    readonly with?: { readonly query?: readonly string[]; readonly header?: string };
    readonly action: Action;
    /** The request writes an object (or bucket) and may carry ACL, tagging and lock headers. */
    readonly creates?: "object" | "bucket";
    /** CopyObject / UploadPartCopy: the source is read. */
    readonly readsSource?: boolean;
}

const VERSIONED_READ: Action = { current: "s3:GetObject", version: "s3:GetObjectVersion" };

/** Most specific first: a row matches when its method, level and required subresource/header match. */
const ROWS: readonly Row[] = [
    { operation: "ListBuckets", method: "GET", level: "service", action: "s3:ListAllMyBuckets" },
    { operation: "ListObjectsV2", method: "GET", level: "bucket", with: { query: ["list-type"] }, action: "s3:ListBucket" },
    { operation: "ListObjectVersions", method: "GET", level: "bucket", with: { query: ["versions"] }, action: "s3:ListBucketVersions" },
    { operation: "ListMultipartUploads", method: "GET", level: "bucket", with: { query: ["uploads"] }, action: "s3:ListBucketMultipartUploads" },
    { operation: "GetBucketLocation", method: "GET", level: "bucket", with: { query: ["location"] }, action: "s3:GetBucketLocation" },
    { operation: "GetBucketVersioning", method: "GET", level: "bucket", with: { query: ["versioning"] }, action: "s3:GetBucketVersioning" },
    { operation: "ListObjects", method: "GET", level: "bucket", action: "s3:ListBucket" },
    { operation: "HeadBucket", method: "HEAD", level: "bucket", action: "s3:ListBucket" },
    { operation: "CreateBucket", method: "PUT", level: "bucket", action: "s3:CreateBucket", creates: "bucket" },
    { operation: "DeleteBucket", method: "DELETE", level: "bucket", action: "s3:DeleteBucket" },
    // The keys are in the body, which is not recorded: checked as "every object of the bucket".
    { operation: "DeleteObjects", method: "POST", level: "bucket", with: { query: ["delete"] }, action: "s3:DeleteObject" },
    {
        operation: "UploadPartCopy",
        method: "PUT",
        level: "object",
        with: { query: ["partNumber", "uploadId"], header: "x-amz-copy-source" },
        action: "s3:PutObject",
        readsSource: true,
    },
    { operation: "UploadPart", method: "PUT", level: "object", with: { query: ["partNumber", "uploadId"] }, action: "s3:PutObject" },
    {
        operation: "PutObjectAcl",
        method: "PUT",
        level: "object",
        with: { query: ["acl"] },
        action: { current: "s3:PutObjectAcl", version: "s3:PutObjectVersionAcl" },
    },
    {
        operation: "PutObjectTagging",
        method: "PUT",
        level: "object",
        with: { query: ["tagging"] },
        action: { current: "s3:PutObjectTagging", version: "s3:PutObjectVersionTagging" },
    },
    {
        operation: "CopyObject",
        method: "PUT",
        level: "object",
        with: { header: "x-amz-copy-source" },
        action: "s3:PutObject",
        creates: "object",
        readsSource: true,
    },
    { operation: "PutObject", method: "PUT", level: "object", action: "s3:PutObject", creates: "object" },
    { operation: "CreateMultipartUpload", method: "POST", level: "object", with: { query: ["uploads"] }, action: "s3:PutObject", creates: "object" },
    { operation: "CompleteMultipartUpload", method: "POST", level: "object", with: { query: ["uploadId"] }, action: "s3:PutObject" },
    { operation: "RestoreObject", method: "POST", level: "object", with: { query: ["restore"] }, action: "s3:RestoreObject" },
    { operation: "AbortMultipartUpload", method: "DELETE", level: "object", with: { query: ["uploadId"] }, action: "s3:AbortMultipartUpload" },
    { operation: "DeleteObject", method: "DELETE", level: "object", action: { current: "s3:DeleteObject", version: "s3:DeleteObjectVersion" } },
    { operation: "ListParts", method: "GET", level: "object", with: { query: ["uploadId"] }, action: "s3:ListMultipartUploadParts" },
    {
        operation: "GetObjectAcl",
        method: "GET",
        level: "object",
        with: { query: ["acl"] },
        action: { current: "s3:GetObjectAcl", version: "s3:GetObjectVersionAcl" },
    },
    {
        operation: "GetObjectTagging",
        method: "GET",
        level: "object",
        with: { query: ["tagging"] },
        action: { current: "s3:GetObjectTagging", version: "s3:GetObjectVersionTagging" },
    },
    { operation: "GetObject", method: "GET", level: "object", action: VERSIONED_READ },
    { operation: "HeadObject", method: "HEAD", level: "object", action: VERSIONED_READ },
];

/**
 * Query parameters that are arguments, not subresources: a request that
 * carries any other one matches no row unless the row names it.
 */
const ARGUMENTS: readonly string[] = [
    "list-type",
    "prefix",
    "delimiter",
    "max-keys",
    "encoding-type",
    "continuation-token",
    "start-after",
    "fetch-owner",
    "marker",
    "key-marker",
    "version-id-marker",
    "upload-id-marker",
    "max-uploads",
    "max-parts",
    "part-number-marker",
    "versionId",
    "partNumber",
    "uploadId",
    "x-id",
];

/** ACL headers: each makes an object write an ACL write as well (PutObject API reference, "Permissions"). */
const GRANT_HEADERS: readonly string[] = ["x-amz-grant-full-control", "x-amz-grant-read", "x-amz-grant-read-acp", "x-amz-grant-write", "x-amz-grant-write-acp"];

/** Request headers that set a condition key of the same name (`s3:<header>`) on the operations that take them. */
const HEADER_KEYS: readonly string[] = [
    "x-amz-acl",
    ...GRANT_HEADERS,
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-copy-source",
    "x-amz-metadata-directive",
    "x-amz-storage-class",
    "x-amz-content-sha256",
];

/** `bucket.s3.<region>.amazonaws.com` (and dual-stack / legacy forms): the bucket; else undefined (path style). */
function virtualHostBucket(host: string): string | undefined {
    return /^([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?::\d+)?$/.exec(host.toLowerCase())?.[1];
}

/** The bucket and key a request addresses, in either addressing style. */
function target(req: S3WireRequest): { level: Level; bucket?: string; key?: string } {
    const segments = req.path.replace(/^\//, "").split("/");
    const hosted = virtualHostBucket(req.host);
    const bucket = hosted ?? (segments[0] ? decodeURIComponent(segments[0]) : undefined);
    const keyPart = (hosted ? segments : segments.slice(1)).join("/");
    const key = keyPart === "" ? undefined : decodeURIComponent(keyPart);
    if (bucket === undefined) return { level: "service" };
    return key === undefined ? { level: "bucket", bucket } : { level: "object", bucket, key };
}

function rowFor(req: S3WireRequest, level: Level): Row | undefined {
    const subresources = Object.keys(req.query).filter((q) => !ARGUMENTS.includes(q) && !q.startsWith("response-") && !q.startsWith("X-Amz-"));
    return ROWS.find((r) => {
        if (r.method !== req.method.toUpperCase() || r.level !== level) return false;
        const needs = r.with?.query ?? [];
        if (!needs.every((q) => q in req.query)) return false;
        if (r.with?.header && !(r.with.header in req.headers)) return false;
        // A row without a subresource matches only a request without one (GET ?acl is not GetObject).
        return subresources.every((q) => needs.includes(q));
    });
}

/** The condition keys a request sets: s3:<header> for the headers above, and the listing arguments. */
function conditionKeys(req: S3WireRequest): Record<string, string> {
    const out: Record<string, string> = {};
    for (const h of HEADER_KEYS) if (req.headers[h] !== undefined) out[`s3:${h}`] = req.headers[h]!;
    for (const q of ["prefix", "delimiter", "max-keys"]) if (req.query[q] !== undefined) out[`s3:${q}`] = req.query[q]!;
    if (req.query.versionId !== undefined) out["s3:VersionId"] = req.query.versionId;
    return out;
}

function pick(action: Action, versioned: boolean): string {
    return typeof action === "string" ? action : versioned ? action.version : action.current;
}

/** `x-amz-copy-source: /bucket/key?versionId=…` (leading slash optional, key URL-encoded). */
function copySource(header: string): { bucket: string; key: string; versioned: boolean } | undefined {
    const [path, query] = header.replace(/^\//, "").split("?", 2) as [string, string | undefined];
    const slash = path.indexOf("/");
    if (slash <= 0) return undefined;
    return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)), versioned: /(^|&)versionId=/.test(query ?? "") };
}

/** What the ACL, tagging and lock headers of an object or bucket write add to its authorizations. */
function headerActions(req: S3WireRequest, creates: "object" | "bucket", resource: string, context: Record<string, string>): IamAuthorization[] {
    const out: IamAuthorization[] = [];
    const acl = req.headers["x-amz-acl"] !== undefined || GRANT_HEADERS.some((h) => req.headers[h] !== undefined);
    if (acl) out.push({ action: creates === "bucket" ? "s3:PutBucketAcl" : "s3:PutObjectAcl", resource, context });
    if (creates === "object" && req.headers["x-amz-tagging"] !== undefined) out.push({ action: "s3:PutObjectTagging", resource, context });
    if (creates === "object" && req.headers["x-amz-object-lock-mode"] !== undefined) out.push({ action: "s3:PutObjectRetention", resource, context });
    if (creates === "object" && req.headers["x-amz-object-lock-legal-hold"] !== undefined) out.push({ action: "s3:PutObjectLegalHold", resource, context });
    return out;
}

/**
 * What a BucketOwnerEnforced bucket (every generated bucket: AWS_OBJECT_OWNERSHIP) refuses (400
 * AccessControlListNotSupported): a write with an ACL other than none or bucket-owner-full-control. A grant header is refused too: it could only be
 * accepted if it named the bucket owner, which a request recorded here cannot show.
 */
export function bucketOwnerEnforcedRefusals(req: S3WireRequest): string[] {
    const acl = req.headers["x-amz-acl"];
    const out: string[] = [];
    if (acl !== undefined && acl !== AWS_OWNER_ACL) {
        out.push(`x-amz-acl: ${acl} — a ${AWS_OBJECT_OWNERSHIP} bucket accepts only no ACL or ${AWS_OWNER_ACL} (AccessControlListNotSupported)`);
    }
    for (const h of GRANT_HEADERS) {
        if (req.headers[h] !== undefined)
            out.push(`${h} — a ${AWS_OBJECT_OWNERSHIP} bucket accepts no grants but the bucket owner's (AccessControlListNotSupported)`);
    }
    return out;
}

/** The authorizations and refusals of one request, or why it is not known. */
export function awsAuthorizationOf(req: S3WireRequest): AuthorizedRequest | UnknownRequest {
    const t = target(req);
    const row = rowFor(req, t.level);
    if (!row) {
        return {
            unknown: `${req.method} ${t.level}${Object.keys(req.query).length ? ` ?${Object.keys(req.query).join("&")}` : ""}: no operation in the table`,
        };
    }
    const context = conditionKeys(req);
    const resource =
        t.level === "service"
            ? "*"
            : t.level === "bucket"
              ? row.operation === "DeleteObjects"
                  ? `${bucketArn(t.bucket!)}/*`
                  : bucketArn(t.bucket!)
              : `${bucketArn(t.bucket!)}/${t.key!}`;
    const authorizations: IamAuthorization[] = [{ action: pick(row.action, req.query.versionId !== undefined), resource, context }];
    if (row.creates) authorizations.push(...headerActions(req, row.creates, resource, context));
    if (row.readsSource) {
        const source = copySource(req.headers["x-amz-copy-source"] ?? "");
        if (!source) return { unknown: `${row.operation}: x-amz-copy-source "${req.headers["x-amz-copy-source"]}" names no bucket and key` };
        authorizations.push({ action: pick(VERSIONED_READ, source.versioned), resource: `${bucketArn(source.bucket)}/${source.key}`, context: {} });
    }
    const writesAcl = row.creates !== undefined || row.operation === "PutObjectAcl";
    return {
        operation: row.operation,
        ...(t.bucket !== undefined ? { bucket: t.bucket } : {}),
        ...(t.key !== undefined ? { key: t.key } : {}),
        authorizations,
        refusals: writesAcl ? bucketOwnerEnforcedRefusals(req) : [],
    };
}
