/**
 * The AWS profile's request table (components/providers/aws/requests.ts):
 * each S3 request → the authorizations AWS makes for it, and what a
 * BucketOwnerEnforced bucket refuses. The requests are shaped as rclone
 * 1.60.1 sends them (test/contract/rclone-wire.test.ts records the real ones).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsAuthorizationOf, type AuthorizedRequest, type S3WireRequest } from "../../components/providers/aws/requests";

const HOST = "acme-backup-prod-main.s3.eu-west-1.amazonaws.com";
const OBJ = "arn:aws:s3:::acme-backup-prod-main/db/night/a.bin";

function req(method: string, path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}, host = HOST): S3WireRequest {
    return { method, host, path, query, headers };
}

function known(r: S3WireRequest): AuthorizedRequest {
    const out = awsAuthorizationOf(r);
    assert.ok(!("unknown" in out), JSON.stringify(out));
    return out;
}

const actions = (r: S3WireRequest) => known(r).authorizations.map((a) => `${a.action} ${a.resource}`);

describe("the AWS request table", () => {
    it("PutObject: s3:PutObject, and s3:PutObjectAcl with the ACL as s3:x-amz-acl when the request carries one", () => {
        assert.deepEqual(actions(req("PUT", "/db/night/a.bin")), [`s3:PutObject ${OBJ}`]);
        const withAcl = known(req("PUT", "/db/night/a.bin", {}, { "x-amz-acl": "private" }));
        assert.deepEqual(
            withAcl.authorizations.map((a) => a.action),
            ["s3:PutObject", "s3:PutObjectAcl"],
        );
        assert.equal(withAcl.authorizations[1]!.context["s3:x-amz-acl"], "private");
        assert.equal(withAcl.operation, "PutObject");
    });

    it("a grant header needs s3:PutObjectAcl too; tagging and lock headers need their own actions", () => {
        assert.deepEqual(
            known(req("PUT", "/db/night/a.bin", {}, { "x-amz-grant-read": "uri=http://acs.amazonaws.com/groups/global/AllUsers" })).authorizations.map(
                (a) => a.action,
            ),
            ["s3:PutObject", "s3:PutObjectAcl"],
        );
        assert.deepEqual(
            known(req("PUT", "/db/night/a.bin", {}, { "x-amz-tagging": "a=b", "x-amz-object-lock-mode": "GOVERNANCE" })).authorizations.map((a) => a.action),
            ["s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectRetention"],
        );
    });

    it("multipart: create (with its ACL), parts, complete → s3:PutObject; abort → s3:AbortMultipartUpload; list parts → s3:ListMultipartUploadParts", () => {
        assert.deepEqual(
            known(req("POST", "/db/night/a.bin", { uploads: "" }, { "x-amz-acl": "bucket-owner-full-control" })).authorizations.map((a) => a.action),
            ["s3:PutObject", "s3:PutObjectAcl"],
        );
        assert.equal(known(req("POST", "/db/night/a.bin", { uploads: "" })).operation, "CreateMultipartUpload");
        assert.deepEqual(actions(req("PUT", "/db/night/a.bin", { partNumber: "2", uploadId: "u" })), [`s3:PutObject ${OBJ}`]);
        assert.equal(known(req("PUT", "/db/night/a.bin", { partNumber: "2", uploadId: "u" })).operation, "UploadPart");
        assert.deepEqual(actions(req("POST", "/db/night/a.bin", { uploadId: "u" })), [`s3:PutObject ${OBJ}`]);
        assert.deepEqual(actions(req("DELETE", "/db/night/a.bin", { uploadId: "u" })), [`s3:AbortMultipartUpload ${OBJ}`]);
        assert.deepEqual(actions(req("GET", "/db/night/a.bin", { uploadId: "u" })), [`s3:ListMultipartUploadParts ${OBJ}`]);
    });

    it("HEAD/GET object → s3:GetObject; with ?versionId= → s3:GetObjectVersion (rclone 1.60 HEADs its uploads so)", () => {
        assert.deepEqual(actions(req("HEAD", "/db/night/a.bin")), [`s3:GetObject ${OBJ}`]);
        assert.deepEqual(actions(req("GET", "/db/night/a.bin", {}, { range: "bytes=0-9" })), [`s3:GetObject ${OBJ}`]);
        assert.deepEqual(actions(req("HEAD", "/db/night/a.bin", { versionId: "v1" })), [`s3:GetObjectVersion ${OBJ}`]);
        assert.equal(known(req("HEAD", "/db/night/a.bin", { versionId: "v1" })).authorizations[0]!.context["s3:VersionId"], "v1");
    });

    it("DELETE object → s3:DeleteObject; with ?versionId= → s3:DeleteObjectVersion", () => {
        assert.deepEqual(actions(req("DELETE", "/db/night/a.bin")), [`s3:DeleteObject ${OBJ}`]);
        assert.deepEqual(actions(req("DELETE", "/db/night/a.bin", { versionId: "v1" })), [`s3:DeleteObjectVersion ${OBJ}`]);
    });

    it("listing: ListObjectsV2 and v1 → s3:ListBucket on the bucket with s3:prefix; versions → s3:ListBucketVersions", () => {
        const v2 = known(req("GET", "/", { "list-type": "2", prefix: "db/night/", delimiter: "/", "encoding-type": "url", "max-keys": "1000" }));
        assert.equal(v2.operation, "ListObjectsV2");
        assert.deepEqual(
            v2.authorizations.map((a) => [a.action, a.resource, a.context["s3:prefix"]]),
            [["s3:ListBucket", "arn:aws:s3:::acme-backup-prod-main", "db/night/"]],
        );
        assert.equal(known(req("GET", "/", { prefix: "db/" })).operation, "ListObjects");
        assert.deepEqual(actions(req("GET", "/", { versions: "", prefix: "db/" })), ["s3:ListBucketVersions arn:aws:s3:::acme-backup-prod-main"]);
        assert.deepEqual(actions(req("HEAD", "/")), ["s3:ListBucket arn:aws:s3:::acme-backup-prod-main"]);
    });

    it("CopyObject and UploadPartCopy: s3:PutObject on the destination, s3:GetObject (s3:GetObjectVersion for a versioned source) on the source", () => {
        const copy = known(
            req("PUT", "/db/night/a.bin", {}, { "x-amz-copy-source": "acme-backup-prod-main/db/old/a%20b.bin", "x-amz-acl": "bucket-owner-full-control" }),
        );
        assert.equal(copy.operation, "CopyObject");
        assert.deepEqual(
            copy.authorizations.map((a) => `${a.action} ${a.resource}`),
            [`s3:PutObject ${OBJ}`, `s3:PutObjectAcl ${OBJ}`, "s3:GetObject arn:aws:s3:::acme-backup-prod-main/db/old/a b.bin"],
        );
        const part = known(req("PUT", "/db/night/a.bin", { partNumber: "1", uploadId: "u" }, { "x-amz-copy-source": "/other-bucket/x?versionId=v9" }));
        assert.equal(part.operation, "UploadPartCopy");
        assert.deepEqual(
            part.authorizations.map((a) => `${a.action} ${a.resource}`),
            [`s3:PutObject ${OBJ}`, "s3:GetObjectVersion arn:aws:s3:::other-bucket/x"],
        );
    });

    it("bucket-level writes: CreateBucket (its ACL needs s3:PutBucketAcl), DeleteBucket; ListBuckets on the service", () => {
        assert.deepEqual(
            known(req("PUT", "/", {}, { "x-amz-acl": "private" })).authorizations.map((a) => a.action),
            ["s3:CreateBucket", "s3:PutBucketAcl"],
        );
        assert.deepEqual(actions(req("DELETE", "/")), ["s3:DeleteBucket arn:aws:s3:::acme-backup-prod-main"]);
        assert.deepEqual(actions(req("GET", "/", {}, {}, "s3.eu-west-1.amazonaws.com")), ["s3:ListAllMyBuckets *"]);
    });

    it("path-style addressing names the bucket in the path; keys are decoded", () => {
        assert.deepEqual(actions(req("PUT", "/acme-backup-prod-main/db/night/a%2Bb%20c.bin", {}, {}, "127.0.0.1:7480")), [
            "s3:PutObject arn:aws:s3:::acme-backup-prod-main/db/night/a+b c.bin",
        ]);
    });

    it("subresources are not the plain operation: GET ?acl is GetObjectAcl, PUT ?acl is PutObjectAcl with its ACL", () => {
        assert.deepEqual(actions(req("GET", "/db/night/a.bin", { acl: "" })), [`s3:GetObjectAcl ${OBJ}`]);
        const putAcl = known(req("PUT", "/db/night/a.bin", { acl: "" }, { "x-amz-acl": "public-read" }));
        assert.deepEqual(
            putAcl.authorizations.map((a) => [a.action, a.context["s3:x-amz-acl"]]),
            [["s3:PutObjectAcl", "public-read"]],
        );
    });

    it("an unknown request is reported, never guessed (GET ?website, PUT ?lifecycle, OPTIONS)", () => {
        for (const r of [req("GET", "/", { website: "" }), req("PUT", "/", { lifecycle: "" }), req("OPTIONS", "/db/night/a.bin")]) {
            assert.ok("unknown" in awsAuthorizationOf(r), `${r.method} ${JSON.stringify(r.query)}`);
        }
    });

    it("BucketOwnerEnforced: no ACL or bucket-owner-full-control pass; private, public-read and grant headers are refused", () => {
        const refusals = (headers: Record<string, string>, path = "/db/night/a.bin", query: Record<string, string> = {}) =>
            known(req("PUT", path, query, headers)).refusals;
        assert.deepEqual(refusals({}), []);
        assert.deepEqual(refusals({ "x-amz-acl": "bucket-owner-full-control" }), []);
        for (const acl of ["private", "public-read"]) assert.match(refusals({ "x-amz-acl": acl }).join(), /AccessControlListNotSupported/, acl);
        assert.match(refusals({ "x-amz-grant-full-control": "id=abc" }).join(), /x-amz-grant-full-control/);
        assert.match(refusals({ "x-amz-acl": "public-read" }, "/db/night/a.bin", { acl: "" }).join(), /AccessControlListNotSupported/);
        assert.deepEqual(known(req("GET", "/db/night/a.bin", {}, { "x-amz-acl": "public-read" })).refusals, [], "only writes are judged");
    });
});
