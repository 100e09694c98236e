/**
 * Edits of a Pulumi.<stack>.yaml that touch only what rotation owns: the
 * text of one top-level config key is replaced (or appended), or one host is
 * taken out of a credential's `hosts` list. Every other byte of the file —
 * comments, quoting, alignment, blank lines — stays as it was: the edit is a
 * splice at the positions the `yaml` package's document API reports, not a
 * re-serialisation of the document. `verifyEdit` then re-reads both texts and
 * refuses unless exactly the intended values changed.
 */
import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { CliError } from "../shared/cli-error";

type Range = readonly [number, number, number];

const lineStart = (text: string, pos: number): number => text.lastIndexOf("\n", pos - 1) + 1;
const lineEnd = (text: string, pos: number): number => {
    const nl = text.indexOf("\n", pos);
    return nl === -1 ? text.length : nl + 1;
};

function load(text: string, file: string): Document {
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length) throw new CliError(`${file}: not valid YAML: ${doc.errors[0]!.message}`);
    return doc;
}

function configMap(doc: Document, file: string): YAMLMap {
    const config = doc.get("config", true);
    if (!isMap(config) || config.flow) throw new CliError(`${file}: "config" must be a block map (one key per line) for rotate to edit it`);
    return config;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
    return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** A key as YAML reads it back: plain when that is unambiguous, else double-quoted. */
function yamlKey(k: string): string {
    try {
        // Inside flow collections `,[]{}` end a plain scalar; elsewhere YAML reads the key back as written.
        return parse(k) === k && !/[,[\]{}]|: | #/.test(k) ? k : JSON.stringify(k);
    } catch {
        return JSON.stringify(k);
    }
}

/** A flow value: maps as `{ a: 1, b: "x" }`, lists as `[...]`, strings double-quoted unless plain is unambiguous. */
export function flowValue(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(flowValue).join(", ")}]`;
    if (typeof v === "object" && v !== null)
        return `{ ${Object.entries(v)
            .map(([k, x]) => `${yamlKey(k)}: ${flowValue(x)}`)
            .join(", ")} }`;
    if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}$/.test(v) ? JSON.stringify(v) : yamlKey(v);
    return String(v);
}

/** A nested map as block lines down to `depth`, then flow values (one line per leaf). */
function blockLines(value: Record<string, unknown>, indent: string, step: string, depth: number): string[] {
    return Object.entries(value).flatMap(([k, v]) =>
        depth > 1 && typeof v === "object" && v !== null && !Array.isArray(v)
            ? [`${indent}${yamlKey(k)}:`, ...blockLines(v as Record<string, unknown>, indent + step, step, depth - 1)]
            : [`${indent}${yamlKey(k)}: ${flowValue(v)}`],
    );
}

/**
 * `text` with the config key `key` set to `value` (block maps `depth` levels
 * deep, then one flow value per line), or removed when `value` is undefined.
 */
export function setConfigKey(text: string, file: string, key: string, value: Record<string, unknown> | undefined, depth: number): string {
    const config = configMap(load(text, file), file);
    const pairs = config.items as Pair<Node, Node | null>[];
    const first = pairs[0]?.key.range as Range | undefined;
    const column = first ? first[0] - lineStart(text, first[0]) : 2;
    const step = " ".repeat(column > 0 ? column : 2);
    const rendered = value === undefined ? "" : [`${step}${yamlKey(key)}:`, ...blockLines(value, step + step, step, depth)].join("\n") + "\n";
    const pair = pairOf(config, key);
    if (pair) {
        const start = lineStart(text, (pair.key.range as Range)[0]);
        const valueEnd = ((pair.value?.range ?? pair.key.range) as Range)[1];
        return text.slice(0, start) + rendered + text.slice(lineEnd(text, valueEnd - 1));
    }
    if (value === undefined) return text;
    const last = pairs[pairs.length - 1];
    if (!last) throw new CliError(`${file}: "config" is empty; nothing to add rotation settings to`);
    const at = lineEnd(text, ((last.value?.range ?? last.key.range) as Range)[1] - 1);
    const before = text.slice(0, at);
    return before + (before.endsWith("\n") ? "" : "\n") + rendered + text.slice(at);
}

/** `text` without `host` in `config.<credentialsKey>.<credential>.hosts` (a flow or block list). */
export function removeHost(text: string, file: string, credentialsKey: string, credential: string, host: string): string {
    const credentials = pairOf(configMap(load(text, file), file), credentialsKey)?.value;
    const cred = isMap(credentials) ? pairOf(credentials, credential)?.value : undefined;
    const hosts = isMap(cred) ? pairOf(cred, "hosts")?.value : undefined;
    if (!isSeq(hosts)) throw new CliError(`${file}: ${credentialsKey}.${credential}.hosts is not a list`);
    const items = hosts.items as Node[];
    const item = items.find((i) => isScalar(i) && i.value === host);
    if (!item) throw new CliError(`${file}: ${credentialsKey}.${credential}.hosts does not list "${host}"`);
    if (hosts.flow) {
        const [start, end] = hosts.range as Range;
        const padded = text[start + 1] === " ";
        const kept = items.filter((i) => i !== item).map((i) => text.slice((i.range as Range)[0], (i.range as Range)[1]));
        const inner = kept.join(", ");
        return text.slice(0, start) + (padded && inner ? `[ ${inner} ]` : `[${inner}]`) + text.slice(end);
    }
    const at = (item.range as Range)[0];
    return text.slice(0, lineStart(text, at)) + text.slice(lineEnd(text, at));
}

/**
 * Refuse unless `edited` reads back as `original` with exactly `expected`
 * config keys changed (undefined: removed). Guards the splices above.
 */
export function verifyEdit(original: string, edited: string, expected: Readonly<Record<string, unknown>>, file: string): void {
    const before = parse(original, { uniqueKeys: true }) as { config?: Record<string, unknown> } & Record<string, unknown>;
    const after = parse(edited, { uniqueKeys: true }) as { config?: Record<string, unknown> } & Record<string, unknown>;
    const problems: string[] = [];
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (k !== "config" && !isDeepStrictEqual(before[k], after[k])) problems.push(k);
    }
    const b = before.config ?? {};
    const a = after.config ?? {};
    for (const k of new Set([...Object.keys(b), ...Object.keys(a), ...Object.keys(expected)])) {
        const want = k in expected ? expected[k] : b[k];
        if (!isDeepStrictEqual(a[k], want)) problems.push(`config.${k}`);
    }
    if (problems.length) {
        throw new Error(`rotate: the edit of ${file} would change ${problems.join(", ")} beyond what was intended; nothing was written`);
    }
}
