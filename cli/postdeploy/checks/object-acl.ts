/**
 * Making an object public: PutObjectAcl with `public-read` on an object of
 * the section's own (written by the admin or a writer, like the delete's).
 * Where the provider has object ACLs (its probes declare the call), every
 * role must be refused: the model grants s3:PutObjectAcl only for
 * `bucket-owner-full-control` (access.ts `onlyWhen`), and a bucket with
 * BucketOwnerEnforced refuses every other ACL. A 200 is the ACL applied (S3
 * answers it only then), a refusal an AccessDenied or, on a bucket that
 * enforces bucket ownership, AccessControlListNotSupported.
 */
import type { RunContext } from "../context";
import { probeFacts } from "../provider-probes";
import type { SectionRun } from "../run-state";
import { prepareTarget, whose } from "../targets";
import { outcomeOf } from "../verdict";
import { defineCheck, REFUSED } from "./define";

export const objectAcl = defineCheck({
    name: "object-acl",
    code: "oa",
    attempt: "make objects public (an object ACL of public-read)",
    phase: "attack",
    plan: ({ facts }) => (facts.calls.objectAcl ? REFUSED : undefined),
    run: makePublic,
});

async function makePublic(ctx: RunContext, r: SectionRun): Promise<void> {
    const call = probeFacts(r.section.summary.provider).calls.objectAcl ?? "object ACL write";
    const prepared = await prepareTarget(ctx, r, "acl.bin");
    if ("why" in prepared) {
        await ctx.judge(r, objectAcl.name, { outcome: "inconclusive", why: prepared.why, what: "make an object public", call, durationMs: 0 });
        return;
    }
    const t = prepared.target;
    const started = Date.now();
    const res = await ctx.apiFor(r.section).putObjectAcl(t.bucket, t.key, "public-read");
    const failure = res.ok ? undefined : await ctx.failure(res.text, r.section.summary.provider);
    await ctx.judge(r, objectAcl.name, {
        ...outcomeOf(failure, res.ok ? true : undefined),
        what: `set the ACL public-read on ${t.bucket}/${t.key} (${whose(r, t)})`,
        call,
        durationMs: Date.now() - started,
    });
}
