/**
 * sdks/b2 is maintained by hand in the generator's shape and must stay
 * replaceable by a fresh `pulumi package add` (sdks/README.md), so the
 * program may use only what the generated SDK has. This test finds every
 * @pulumi/b2 name the program's code uses (with the TypeScript checker: the
 * classes, the Args properties it sets, nested input types, the outputs it
 * reads) and the property names the policy pack and the plan's mocks use as
 * strings, and checks each against the generated surface
 * (fixtures/generated-surface.ts): same name, same type, same optionality in
 * the committed SDK as the generator gives it.
 */
import assert from "node:assert/strict";
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import { computedOutputs } from "../../cli/plan/mocks";
import { generatedSurface, type Surface } from "./fixtures/generated-surface";

const ROOT = resolve(__dirname, "..", "..");
const SDK = realpathSync(join(ROOT, "sdks", "b2"));

function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
    });
}

/** The program's own code: what `pulumi up` runs, the CLIs and the policy pack (not tests). */
const PROGRAM = [join(ROOT, "index.ts"), ...["components", "cli", "policies"].flatMap((d) => sources(join(ROOT, d)))];

/** A type written in the SDK's .d.ts, canonical: no Input/Output wrappers, `inputs.`/`outputs.` dropped, maps as map<T>. */
function canonicalType(node: ts.TypeNode | undefined): string {
    if (node === undefined) return "?";
    if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName.getText();
        if (/^pulumi\.(Input|Output)$/.test(name)) return canonicalType(node.typeArguments?.[0]);
        return name.replace(/^(inputs|outputs)\./, "");
    }
    if (ts.isArrayTypeNode(node)) return `${canonicalType(node.elementType)}[]`;
    if (ts.isUnionTypeNode(node))
        return node.types
            .filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword)
            .map(canonicalType)
            .join("|");
    if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0]!)) {
        return `map<${canonicalType(node.members[0].type)}>`;
    }
    return node.getText();
}

interface Use {
    readonly key: string;
    /** The member's type and optionality as the committed SDK declares it. */
    readonly declared: { type: string; optional: boolean } | undefined;
    readonly at: string;
}

/** `input.BucketLifecycleRule.fileNamePrefix`, `BucketArgs.bucketName`, `Bucket`: the surface key of an SDK declaration. */
function surfaceKey(decl: ts.Declaration): string | undefined {
    const file = realpathSync(decl.getSourceFile().fileName);
    if (!file.startsWith(SDK + "/")) return undefined;
    const scope = file.endsWith("types/input.d.ts") ? "input." : file.endsWith("types/output.d.ts") ? "output." : "";
    if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) return `${scope}${decl.name!.text}`;
    // index.d.ts re-exports each resource class as a lazily loaded const and a type of the same name.
    if ((ts.isVariableDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) && ts.isIdentifier(decl.name)) return decl.name.text;
    if ((ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && (ts.isInterfaceDeclaration(decl.parent) || ts.isClassDeclaration(decl.parent))) {
        return `${scope}${decl.parent.name!.text}.${decl.name.getText()}`;
    }
    return undefined; // namespaces (`types`, `input`), the module itself
}

function record(uses: Use[], symbol: ts.Symbol | undefined, at: ts.Node): void {
    for (const decl of symbol?.declarations ?? []) {
        const key = surfaceKey(decl);
        if (key === undefined) continue;
        const declared =
            ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)
                ? { type: canonicalType(decl.type), optional: decl.questionToken !== undefined }
                : undefined;
        const pos = at.getSourceFile().getLineAndCharacterOfPosition(at.getStart());
        uses.push({ key, declared, at: `${at.getSourceFile().fileName.slice(ROOT.length + 1)}:${pos.line + 1}` });
    }
}

/** Every name the committed SDK declares: only identifiers spelled like one need the checker (it is slow). */
function sdkNames(): Set<string> {
    const names = new Set<string>();
    for (const file of sources(SDK).filter((f) => !f.includes("/node_modules/"))) {
        for (const m of ts.sys.readFile(file)!.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\??\s*[:(=<]/g)) names.add(m[1]!);
        for (const m of ts.sys.readFile(file)!.matchAll(/\b(?:class|interface|const|type)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
    }
    return names;
}

/** Every use of @pulumi/b2 in the program's code. */
function programUses(): Use[] {
    const names = sdkNames();
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const program = ts.createProgram(PROGRAM, config.options);
    const checker = program.getTypeChecker();
    const uses: Use[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && names.has(node.text)) {
            let symbol = checker.getSymbolAtLocation(node);
            if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
            record(uses, symbol, node);
        }
        if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name !== undefined && names.has(p.name.getText()))) {
            // Properties the program sets on an SDK type: the declared property of the literal's contextual type.
            const contextual = checker.getContextualType(node);
            for (const prop of node.properties) {
                if (!prop.name || contextual === undefined) continue;
                const name = prop.name.getText();
                const types = contextual.isUnion() ? contextual.types : [contextual];
                for (const t of types) record(uses, checker.getNonNullableType(t).getProperty(name), prop);
            }
        }
        ts.forEachChild(node, visit);
    };
    for (const file of PROGRAM) visit(program.getSourceFile(file)!);
    return uses;
}

/** Property names the policy pack reads from B2 resources as strings (`args.props.bucketType`). */
function policyPropReads(): string[] {
    const file = join(ROOT, "policies", "rules", "b2.ts");
    const source = ts.createSourceFile(file, ts.sys.readFile(file)!, ts.ScriptTarget.Latest, true);
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "props") {
            names.push(node.name.text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return [...new Set(names)].sort();
}

describe("the program uses only the surface `pulumi package add` generates for @pulumi/b2", () => {
    const surface: Surface = generatedSurface();
    let uses: Use[];
    before(() => {
        uses = programUses();
    });

    it("finds the program's uses (classes, Args it sets, nested types, outputs it reads)", () => {
        const keys = new Set(uses.map((u) => u.key));
        for (const expected of [
            "Bucket",
            "ApplicationKey",
            "BucketArgs.fileLockConfigurations",
            "BucketArgs.defaultServerSideEncryption",
            "input.BucketLifecycleRule",
            "input.BucketFileLockConfigurationDefaultRetentionPeriod.unit",
            "ApplicationKeyArgs.namePrefix",
            "ApplicationKeyArgs.bucketIds",
            "ApplicationKeyArgs.bucketId",
            "Bucket.bucketId",
            "ApplicationKey.applicationKey",
        ]) {
            assert.ok(keys.has(expected), `did not see the program use ${expected}: the search is blind`);
        }
    });

    it("every name it uses exists in the generated SDK", () => {
        const missing = uses.filter((u) => !surface.has(u.key)).map((u) => `${u.key} (${u.at})`);
        assert.deepEqual([...new Set(missing)], []);
    });

    it("each member it uses has the generated type and optionality in the committed SDK", () => {
        const wrong = uses
            .filter((u) => u.declared !== undefined && surface.has(u.key))
            .flatMap((u) => {
                const want = surface.get(u.key)!;
                const isArgs = /Args\.|^input\./.test(u.key);
                const same = u.declared!.type === want.type && (!isArgs || u.declared!.optional === want.optional);
                return same ? [] : [`${u.key}: SDK ${JSON.stringify(u.declared)}, generated ${JSON.stringify(want)}`];
            });
        assert.deepEqual([...new Set(wrong)], []);
    });

    it("the policy pack reads B2 properties the generated resources have", () => {
        const known = new Set([...surface.keys()].filter((k) => /^(Bucket|ApplicationKey)\./.test(k)).map((k) => k.split(".")[1]));
        const reads = policyPropReads();
        assert.ok(reads.includes("bucketType") && reads.includes("namePrefix"), `policy reads not found: ${reads.join(", ")}`);
        assert.deepEqual(
            reads.filter((r) => !known.has(r)),
            [],
        );
    });

    it("the offline plan's mocks answer with outputs the generated resources have", () => {
        for (const [type, cls] of [
            ["b2:index/bucket:Bucket", "Bucket"],
            ["b2:index/applicationKey:ApplicationKey", "ApplicationKey"],
        ] as const) {
            const { outputs } = computedOutputs()[type]!("x", { bucketName: "acme-x" });
            assert.deepEqual(
                Object.keys(outputs).filter((k) => !surface.has(`${cls}.${k}`)),
                [],
                type,
            );
        }
    });
});
