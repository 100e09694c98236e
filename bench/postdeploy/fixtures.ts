/**
 * What `bench:postdeploy` runs against: environments deployed onto the local radosgw as the contract suite
 * deploys them (role sessions holding the generated policies), written as the files a user hands the
 * command (`--outputs`, `--other-env-outputs`, `--admin-config`, an rclone config for the healthcheck),
 * reached either at the server itself or through the latency relay in front of it.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployToRgw, planEnvironment, type ContractCredential, type DeployedEnvironment } from "../../test/support/contract/deploy";
import { PROD_CREDENTIALS, STAGING_CREDENTIALS } from "../../test/support/contract/environments";
import { adminConfigText, type RgwServer } from "../../test/support/rgw";

type Outputs = DeployedEnvironment["outputs"];

/** Three staging sections, one per role (db1 copy, files1 sync, mon1 verify): the side-by-side set. */
const THREE: Readonly<Record<string, ContractCredential>> = Object.fromEntries(
    Object.entries(STAGING_CREDENTIALS).map(([name, c]) => [name, { ...c, hosts: c.hosts.slice(0, 1) }]),
);

function generated(hosts: number): Record<string, ContractCredential> {
    const names = Array.from({ length: hosts }, (_, i) => `h${String(i + 1).padStart(3, "0")}`);
    return {
        "db-archive": { role: "copy", prefix: "db/", hosts: names },
        "files-mirror": { role: "sync", prefix: "files/", hosts: names },
        "restore-check": { role: "verify", prefix: "", hosts: names },
    };
}

export interface Deployed {
    readonly three: Outputs;
    readonly nine: Outputs;
    readonly prod: Outputs;
    readonly generated: Outputs;
    /** Seconds spent planning and creating the generated environment's identities. */
    readonly generatedSetupS: number;
}

export async function deployAll(server: RgwServer, hosts: number): Promise<Deployed> {
    const nine = (await deployToRgw(server, await planEnvironment("staging", STAGING_CREDENTIALS))).outputs;
    const prod = (await deployToRgw(server, await planEnvironment("prod", PROD_CREDENTIALS))).outputs;
    const three = (await deployToRgw(server, await planEnvironment("staging", THREE), { bucketsExist: true, userSuffix: "-three" })).outputs;
    const t0 = Date.now();
    const gen = (await deployToRgw(server, await planEnvironment("staging", generated(hosts)), { bucketsExist: true, userSuffix: "-gen" })).outputs;
    return { three, nine, prod, generated: gen, generatedSetupS: (Date.now() - t0) / 1000 };
}

/** The files of one environment as reached at one endpoint. */
export interface EnvFiles {
    readonly outputs: string;
    readonly otherEnvOutputs: string;
    readonly adminConfig: string;
    /** The environment's rcloneConfig as a host's rclone.conf (the healthcheck's). */
    readonly rcloneConfig: string;
    /** `<section>:<bucket/prefix>` of every section, in the outputs' order. */
    readonly remotes: readonly string[];
}

export class BenchFiles {
    private readonly dir = mkdtempSync(join(tmpdir(), "bench-postdeploy-"));
    private count = 0;

    constructor(private readonly server: RgwServer) {}

    /** `env` (and prod as the other environment) with the server's endpoint replaced by `endpoint`. */
    write(env: Outputs, prod: Outputs, endpoint: string): EnvFiles {
        const at = <T>(x: T): T => JSON.parse(JSON.stringify(x).split(this.server.endpoint).join(endpoint)) as T;
        const n = ++this.count;
        const file = (name: string, text: string) => {
            const p = join(this.dir, `${n}-${name}`);
            writeFileSync(p, text, { mode: 0o600 });
            chmodSync(p, 0o600);
            return p;
        };
        const moved = at(env);
        return {
            outputs: file("outputs.json", JSON.stringify(moved)),
            otherEnvOutputs: file("prod.json", JSON.stringify(at(prod))),
            adminConfig: file("admin.conf", adminConfigText({ ...this.server, endpoint })),
            rcloneConfig: file("rclone.conf", moved.rcloneConfig),
            remotes: moved.remotes.map((r) => `${r.section}:${r.path}`),
        };
    }

    remove(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}
