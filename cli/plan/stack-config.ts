/** Read a stack's config file (Pulumi.<stack>.yaml) the way the Pulumi CLI hands it to a program. */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    isMap,
    isScalar,
    isSeq,
    LineCounter,
    parseDocument,
    visit,
    type Alias,
    type Document,
    type Node,
    type Range,
    type Scalar,
    type YAMLError,
    type YAMLMap,
} from "yaml";
import { CliError } from "../shared/cli-error";
import { describeFsError } from "../shared/fs-error";
import { assertKnownStack } from "../shared/stacks";

export interface StackConfig {
    /** Config map as the runtime sees it: namespaced keys, objects as JSON text. */
    readonly values: Record<string, string>;
    /** Keys whose values are `secure:` in the file (unreadable offline; replaced by a placeholder). */
    readonly secretKeys: string[];
}

export const SECURE_PLACEHOLDER = "[secure value not decrypted offline]";

export function readStackConfig(projectDir: string, stack: string): StackConfig {
    assertKnownStack(projectDir, stack);
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CliError(`cannot read ${file}: ${describeFsError(e)}`);
    }
    return parseStackConfig(text, file);
}

/**
 * A stack file's config; a YAML mistake, a file that is not a mapping with a `config:` mapping, or YAML the
 * reader refuses to expand (an alias bomb) is a CliError naming the file and line.
 */
export function parseStackConfig(text: string, source: string): StackConfig {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: true, lineCounter });
    if (doc.errors.length > 0) throw new CliError(yamlErrorsMessage(source, doc.errors));
    const config = configNode(doc, source, lineCounter);
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(toJs(config, doc, source, lineCounter))) {
        if (isSecure(value)) {
            values[key] = SECURE_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { values, secretKeys };
}

const STACK_FILE_SHAPE = "a stack file is a YAML mapping whose `config:` maps keys to values (see Pulumi.staging.yaml)";

/** The `config:` mapping of the document, or what is wrong with the file instead. */
function configNode(doc: Document, source: string, lines: LineCounter): YAMLMap {
    const at = (node: { range?: Range | null | undefined } | null | undefined) => {
        const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
        return pos ? `line ${pos.line}, column ${pos.col}: ` : "";
    };
    const top = doc.contents;
    if (top === null || (isScalar(top) && top.value === null)) throw new CliError(`${source}: the file is empty; ${STACK_FILE_SHAPE}`);
    if (!isMap(top)) throw new CliError(`${source}: ${at(top)}the file is ${isSeq(top) ? "a list" : "a single value"}, not a mapping; ${STACK_FILE_SHAPE}`);
    if (!top.has("config")) throw new CliError(`${source}: the file has no \`config:\` key; ${STACK_FILE_SHAPE}`);
    const config = top.get("config", true);
    if (config === null || config === undefined || (isScalar(config) && config.value === null)) {
        throw new CliError(
            `${source}: ${at(top.items.find((p) => isScalar(p.key) && p.key.value === "config")?.key as Scalar | undefined)}` +
                `\`config:\` is empty; ${STACK_FILE_SHAPE}`,
        );
    }
    if (!isMap(config))
        throw new CliError(`${source}: ${at(config as Node)}"config" must be a map of keys to values, not ${isSeq(config) ? "a list" : "a single value"}`);
    return config;
}

/**
 * The mapping as plain values. The YAML library refuses to expand aliases past a limit (a few lines of `&a`/`*a`
 * can stand for billions of values) and throws; that is the file's problem, said with the line of its first alias.
 */
function toJs(config: YAMLMap, doc: Document, source: string, lines: LineCounter): Record<string, unknown> {
    try {
        return config.toJS(doc) as Record<string, unknown>;
    } catch (e) {
        let first: Alias | undefined;
        visit(doc, {
            Alias: (_key, node) => {
                first ??= node;
                return visit.BREAK;
            },
        });
        const pos = first?.range ? lines.linePos(first.range[0]) : undefined;
        const where = pos ? `line ${pos.line}, column ${pos.col} (alias *${first!.source}): ` : "";
        const reason = e instanceof Error ? e.message : String(e);
        throw new CliError(`${source}: ${where}the YAML cannot be expanded: ${reason}; a stack file needs no anchors or aliases: write the values out`);
    }
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

/**
 * The first YAML error with the yaml library's excerpt and caret, then the
 * first error of a few other lines: later errors often follow from the first.
 */
function yamlErrorsMessage(source: string, errors: readonly YAMLError[]): string {
    const [first, ...rest] = errors.map(describeYamlError);
    const lines = [`${source}: not valid YAML: ${first!.where}${first!.reason}`, ...first!.excerpt.map((l) => `    ${l}`)];
    const seenLines = new Set([first!.line]);
    const others = rest.filter((e) => !seenLines.has(e.line) && seenLines.add(e.line));
    for (const e of others.slice(0, 3)) lines.push(`  also ${e.where}${e.reason}`);
    if (others.length > 0) lines.push("  (later errors often follow from the first: fix it and run again)");
    return lines.join("\n");
}

function describeYamlError(e: YAMLError): { line: number; where: string; reason: string; excerpt: string[] } {
    const pos = e.linePos?.[0];
    // The message is "<reason> at line L, column C:\n\n<excerpt with caret>\n".
    const [head = e.message, excerpt = ""] = e.message.split(/:\n\n/, 2);
    return {
        line: pos?.line ?? 0,
        where: pos ? `line ${pos.line}, column ${pos.col}: ` : "",
        reason: head.replace(/ at line \d+, column \d+$/, ""),
        excerpt: excerpt
            .replace(/\n+$/, "")
            .split("\n")
            .filter((l, _i, all) => all.length > 1 || l !== ""),
    };
}
