// The CrossGuard entry point: `pulumi preview --policy-pack policies` loads this
// file (through package.json "main") and talks to the analyzer it serves.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./pack";

new PolicyPack(PACK_NAME, {
    description: "Guardrails for backup-remotes buckets and credentials on AWS S3, Backblaze B2 and Cloudflare R2",
    enforcementLevel: "mandatory",
    policies: POLICIES,
});
