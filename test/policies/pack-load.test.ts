/**
 * The pack as the Pulumi CLI runs it: `pulumi preview --policy-pack policies`
 * starts `@pulumi/pulumi/cmd/run-policy-pack` with node in the pack's folder
 * (TypeScript through ts-node), reads the analyzer's port from stdout and
 * speaks gRPC to it. This test does the same, so a pack that does not load,
 * or a config that cannot make staging advisory, fails here.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { urnOf } from "./helpers";
import { ENVIRONMENT_COMPONENT_TYPE } from "../../components/environment";
import { AWS_TYPES } from "../../components/providers/aws/resources";

// The engine's own protocol code, as shipped with @pulumi/pulumi (no types).
interface Message {
    [k: string]: (...args: never[]) => unknown;
}
type Ctor = new () => Message & Record<string, (...a: unknown[]) => unknown>;
const grpc = require("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as {
    AnalyzerClient: new (
        address: string,
        creds: unknown,
    ) => Record<string, (req: unknown, cb: (err: Error | null, res: Record<string, (...a: unknown[]) => unknown>) => void) => void> & { close(): void };
    AnalyzerService: { getAnalyzerInfo: { requestType: Ctor } };
};
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as Record<string, Ctor> & { EnforcementLevel: Record<string, number> };
const structpb = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: unknown): unknown } };

const policiesDir = path.resolve(__dirname, "..", "..", "policies");
let child: ChildProcess;
let client: InstanceType<typeof rpc.AnalyzerClient>;

function call<R = Record<string, (...a: unknown[]) => unknown>>(method: string, req: unknown): Promise<R> {
    return new Promise((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res as R))));
}

before(
    async () => {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [policiesDir] });
        child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: policiesDir, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (d: Buffer) => {
            stderr += d.toString();
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            child.stdout!.on("data", (d: Buffer) => {
                out += d.toString();
                const line = out.split("\n")[0]!;
                if (out.includes("\n") && /^\d+$/.test(line.trim())) resolve(Number(line.trim()));
            });
            child.on("exit", (code) => reject(new Error(`the pack exited with ${code} before serving:\n${stderr}`)));
        });
        client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    },
    { timeout: 180_000 },
);

after(() => {
    client?.close();
    if (child?.pid && child.exitCode === null) child.kill();
});

function resource(stack: string, type: string, name: string, props: Record<string, unknown>, protect = false): unknown {
    const r = new pb.AnalyzerResource!();
    r.setType!(type);
    r.setName!(name);
    r.setUrn!(urnOf(stack, type, name));
    r.setProperties!(structpb.Struct.fromJavaScript(props));
    const o = new pb.AnalyzerResourceOptions!();
    o.setProtect!(protect);
    r.setOptions!(o);
    return r;
}

async function analyzeStack(stack: string): Promise<{ policy: string; level: number; message: string }[]> {
    const bucket = `acme-backup-${stack}-main`;
    const req = new pb.AnalyzeStackRequest!();
    req.setResourcesList!([
        // The tier comes from the environment's config, through the environment component's input.
        resource(stack, ENVIRONMENT_COMPONENT_TYPE, stack, { tier: stack === "staging" ? "test" : "production" }),
        resource(stack, AWS_TYPES.bucket, "aws-main", { bucket }, true),
        resource(stack, AWS_TYPES.versioning, "aws-main-versioning", { bucket, versioningConfiguration: { status: "Suspended" } }),
    ]);
    const res = await call("analyzeStack", req);
    const diags = res.getDiagnosticsList!() as Record<string, () => unknown>[];
    return diags.map((d) => ({ policy: String(d.getPolicyname!()), level: Number(d.getEnforcementlevel!()), message: String(d.getMessage!()) }));
}

describe("the pack loaded the way the Pulumi CLI loads it", () => {
    it("serves its policies under the pack name, each rule for production and for test-tier stacks", async () => {
        const info = await call("getAnalyzerInfo", new rpc.AnalyzerService.getAnalyzerInfo.requestType());
        assert.equal(info.getName!(), "backup-remotes");
        const names = (info.getPoliciesList!() as Record<string, () => unknown>[]).map((p) => String(p.getName!()));
        assert.ok(names.includes("aws-credential-least-privilege"));
        assert.ok(names.includes("aws-credential-least-privilege-test"));
    });

    it("reports a production violation as mandatory and, once configured, a test-tier one as advisory", async () => {
        const cfg = new pb.ConfigureAnalyzerRequest!();
        const pc = new pb.PolicyConfig!();
        pc.setEnforcementlevel!(pb.EnforcementLevel.ADVISORY);
        pc.setProperties!(structpb.Struct.fromJavaScript({}));
        (cfg.getPolicyconfigMap!() as Map<string, unknown>).set("aws-bucket-versioning-test", pc);
        await call("configure", cfg);

        const prod = (await analyzeStack("prod")).filter((d) => d.policy.startsWith("aws-bucket-versioning"));
        assert.deepEqual(
            prod.map((d) => [d.policy, d.level]),
            [["aws-bucket-versioning", pb.EnforcementLevel.MANDATORY]],
        );
        assert.match(prod[0]!.message, /Fix: set versioningConfiguration.status to "Enabled"/);

        const staging = (await analyzeStack("staging")).filter((d) => d.policy.startsWith("aws-bucket-versioning"));
        assert.deepEqual(
            staging.map((d) => [d.policy, d.level]),
            [["aws-bucket-versioning-test", pb.EnforcementLevel.ADVISORY]],
        );
    });
});
