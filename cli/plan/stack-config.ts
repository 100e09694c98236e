/** Read a stack's config file (Pulumi.<stack>.yaml) the way the Pulumi CLI hands it to a program. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface StackConfig {
    /** Config map as the runtime sees it: namespaced keys, objects as JSON text. */
    readonly values: Record<string, string>;
    /** Keys whose values are `secure:` in the file (unreadable offline; replaced by a placeholder). */
    readonly secretKeys: string[];
}

export const SECURE_PLACEHOLDER = "[secure value not decrypted offline]";

export function knownStacks(projectDir: string): string[] {
    return fs.readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function readStackConfig(projectDir: string, stack: string): StackConfig {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = knownStacks(projectDir);
        throw new Error(`--stack ${stack}: no ${path.basename(file)} in ${projectDir} (stacks: ${known.join(", ") || "none"})`);
    }
    return parseStackConfig(fs.readFileSync(file, "utf8"), file);
}

export function parseStackConfig(text: string, source: string): StackConfig {
    let doc: unknown;
    try {
        doc = parse(text, { uniqueKeys: true });
    } catch (e) {
        throw new Error(`${source}: not valid YAML: ${(e as Error).message}`);
    }
    const config = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new Error(`${source}: "config" must be a map of keys to values`);
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        if (isSecure(value)) {
            values[key] = SECURE_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { values, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}
