/**
 * Imported first by the entry points (side effect only): turns on V8's compile cache (Node ≥ 22.1), so a
 * command compiles zod and commander (and aws-lite, post-deploy's S3 client) once per build instead of on every
 * start — about 50 ms of CPU less per start (measured loading zod + @aws-sdk/client-s3, the S3 client then:
 * 240 → 190 ms; bench:postdeploy).
 * The cache lives in the clone's own `.build/.compile-cache` (beside the built files, the user's own),
 * not the default shared temporary directory. Only from the built files: run from
 * the sources (tsx, the tests) it would write into the working tree.
 */
import { enableCompileCache } from "node:module";
import { join } from "node:path";

if (__filename.endsWith(".js")) enableCompileCache?.(join(__dirname, "..", "..", ".compile-cache"));
