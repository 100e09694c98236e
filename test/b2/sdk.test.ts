/**
 * The local B2 SDK (sdks/b2, `@pulumi/b2`) under Pulumi's mock runtime: the
 * type tokens, property names and secret marking the engine and the
 * terraform-provider plugin rely on, and the package registration that ties
 * package.json, utilities and Pulumi.yaml together.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import * as b2 from "@pulumi/b2";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const packageRequests: { name: string; version: string; parameterization: { name: string; version: string; value: string } }[] = [];

const ROOT = join(__dirname, "..", "..");
const sdkPackage = JSON.parse(readFileSync(join(ROOT, "sdks", "b2", "package.json"), "utf8")) as {
    name: string;
    version: string;
    main: string;
    pulumi: { resource: boolean; name: string; version: string; parameterization: { name: string; version: string; value: string } };
};

function outputOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}

function secretOf<T>(o: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(o) as unknown as Promise<boolean>;
}

before(async () => {
    await pulumi.runtime.setMocks({
        newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            const state: Record<string, unknown> = { ...args.inputs };
            if (args.type === "b2:index/bucket:Bucket") state.bucketId = `${args.name}-bucket-id`;
            if (args.type === "b2:index/applicationKey:ApplicationKey") {
                state.applicationKeyId = `${args.name}-key-id`;
                state.applicationKey = `${args.name}-secret`;
            }
            return { id: `${args.name}-id`, state };
        },
        call: () => ({}),
    }, "backup-remotes", "test");
    // Record what the SDK registers as its package (the mock monitor answers every request with a fake ref).
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerPackage(req: unknown, cb: (err: unknown, resp: unknown) => void): void;
    };
    const original = monitor.registerPackage.bind(monitor);
    monitor.registerPackage = (req, cb) => {
        const r = req as {
            getName(): string; getVersion(): string;
            getParameterization(): { getName(): string; getVersion(): string; getValue_asB64(): string };
        };
        const p = r.getParameterization();
        packageRequests.push({
            name: r.getName(),
            version: r.getVersion(),
            parameterization: { name: p.getName(), version: p.getVersion(), value: p.getValue_asB64() },
        });
        original(req, cb);
    };
});

describe("@pulumi/b2 package metadata", () => {
    it("is the parameterized terraform-provider package that `pulumi package add terraform-provider backblaze/b2 0.13.0` declares", () => {
        assert.equal(sdkPackage.name, "@pulumi/b2");
        assert.equal(sdkPackage.version, "0.13.0");
        assert.equal(sdkPackage.main, "bin/index.js");
        assert.equal(sdkPackage.pulumi.resource, true);
        assert.equal(sdkPackage.pulumi.name, "terraform-provider");
        assert.equal(sdkPackage.pulumi.parameterization.name, "b2");
        assert.equal(sdkPackage.pulumi.parameterization.version, "0.13.0");
        const value = JSON.parse(Buffer.from(sdkPackage.pulumi.parameterization.value, "base64").toString("utf8"));
        assert.deepEqual(value, { remote: { url: "registry.opentofu.org/backblaze/b2", version: "0.13.0" } });
    });

    it("matches the packages entry in Pulumi.yaml, so `pulumi install` regenerates the same package", () => {
        const project = parseYaml(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as {
            packages: Record<string, { source: string; version: string; parameters: string[] }>;
        };
        const entry = project.packages.b2;
        assert.ok(entry, "Pulumi.yaml has no packages.b2 entry");
        assert.equal(entry.source, sdkPackage.pulumi.name);
        assert.equal(entry.version, sdkPackage.pulumi.version);
        assert.deepEqual(entry.parameters, ["backblaze/b2", sdkPackage.pulumi.parameterization.version]);
    });

    it("is linked into the project as file:sdks/b2", () => {
        const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        assert.equal(rootPackage.dependencies["@pulumi/b2"], "file:sdks/b2");
    });
});

describe("@pulumi/b2 resources under mocks", () => {
    it("registers a Bucket with its type token and camel-cased provider-schema inputs", async () => {
        const bucket = new b2.Bucket("backups", {
            bucketName: "acme-backups-prod",
            bucketType: "allPrivate",
            bucketInfo: { environment: "prod" },
            lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 30, daysFromStartingToCancelingUnfinishedLargeFiles: 7 }],
            defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
            fileLockConfigurations: [{
                isFileLockEnabled: true,
                defaultRetention: { mode: "governance", period: { duration: 14, unit: "days" } },
            }],
        });
        assert.equal(await outputOf(bucket.bucketId), "backups-bucket-id");
        const r = registered.find((x) => x.name === "backups");
        assert.ok(r);
        assert.equal(r.type, "b2:index/bucket:Bucket");
        assert.equal(b2.Bucket.isInstance(bucket), true);
        assert.deepEqual(r.inputs, {
            bucketName: "acme-backups-prod",
            bucketType: "allPrivate",
            bucketInfo: { environment: "prod" },
            lifecycleRules: [{ fileNamePrefix: "", daysFromHidingToDeleting: 30, daysFromStartingToCancelingUnfinishedLargeFiles: 7 }],
            defaultServerSideEncryption: { mode: "SSE-B2", algorithm: "AES256" },
            fileLockConfigurations: [{
                isFileLockEnabled: true,
                defaultRetention: { mode: "governance", period: { duration: 14, unit: "days" } },
            }],
        });
    });

    it("rejects a Bucket without its required properties, naming them", () => {
        assert.throws(() => new b2.Bucket("nameless", { bucketType: "allPrivate" } as b2.BucketArgs), /Missing required property 'bucketName'/);
    });

    it("registers an ApplicationKey with its type token and restriction inputs", async () => {
        const key = new b2.ApplicationKey("copy-key", {
            keyName: "prod-db-archive-db1",
            capabilities: ["listFiles", "writeFiles"],
            bucketIds: ["bucket-1"],
            namePrefix: "db/",
            validDurationInSeconds: 86400,
        });
        assert.equal(await outputOf(key.applicationKeyId), "copy-key-key-id");
        const r = registered.find((x) => x.name === "copy-key");
        assert.ok(r);
        assert.equal(r.type, "b2:index/applicationKey:ApplicationKey");
        assert.deepEqual(r.inputs, {
            keyName: "prod-db-archive-db1",
            capabilities: ["listFiles", "writeFiles"],
            bucketIds: ["bucket-1"],
            namePrefix: "db/",
            validDurationInSeconds: 86400,
        });
    });

    it("asks the engine to treat applicationKey as a secret output (additionalSecretOutputs)", async () => {
        let seen: string[] | undefined;
        const key = new b2.ApplicationKey("observed-key", { keyName: "k", capabilities: ["listFiles"] }, {
            // Legacy transformations run client-side with the options the SDK class has merged.
            transformations: [(args) => {
                if (args.type === "b2:index/applicationKey:ApplicationKey") seen = (args.opts as pulumi.CustomResourceOptions).additionalSecretOutputs;
                return undefined;
            }],
        });
        await outputOf(key.applicationKeyId);
        assert.deepEqual(seen, ["applicationKey"]);
    });

    it("gets no secret marking from the mock engine, which ignores additionalSecretOutputs (components must wrap the key themselves)", async () => {
        const key = new b2.ApplicationKey("mock-key", { keyName: "k", capabilities: ["listFiles"] });
        assert.equal(await outputOf(key.applicationKey), "mock-key-secret");
        assert.equal(await secretOf(key.applicationKey), false);
    });

    it("registers the Provider as pulumi:providers:b2 with its credentials as secrets", async () => {
        const provider = new b2.Provider("deploy", { applicationKeyId: "0012345678900000000000001", applicationKey: "K001secret" });
        assert.equal(b2.Provider.isInstance(provider), true);
        await outputOf(provider.urn);
        const r = registered.find((x) => x.name === "deploy");
        assert.ok(r);
        assert.equal(r.type, "pulumi:providers:b2");
        assert.equal(await secretOf(provider.applicationKey), true);
        assert.equal(await secretOf(provider.applicationKeyId), true);
    });

    it("registers its parameterized package with the engine before registering resources", async () => {
        const bucket = new b2.Bucket("package-check", { bucketName: "acme-package-check", bucketType: "allPrivate" });
        await outputOf(bucket.urn);
        assert.ok(packageRequests.length > 0, "no RegisterPackage request reached the engine");
        for (const req of packageRequests) {
            assert.deepEqual(req, {
                name: sdkPackage.pulumi.name,
                version: sdkPackage.pulumi.version,
                parameterization: sdkPackage.pulumi.parameterization,
            });
        }
    });
});
