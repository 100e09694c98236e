/**
 * URNs as the Pulumi engine builds them (pulumi/pulumi sdk/go/common/resource/urn.go `NewURN`, and the
 * deployment's `generateURN`): `urn:pulumi:<stack>::<project>::<type chain>::<name>`, where the type
 * chain is the parent's whole chain, `$`, then the resource's own type; a resource whose parent is the
 * root stack (or that has none) has only its own type. Pulumi's mock monitor chains only the immediate
 * parent's type, so without this the offline plan's URNs are not the ones `pulumi state` and `--target`
 * take for anything nested two deep.
 */
/**
 * The root stack resource's type, left out of every chain. (The plan does not import the pack's copy in
 * policies/resources.ts: permissions-diff builds the plan of a base ref from cli/ and components/ only.)
 */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The type chain of a URN (`a$b$c`). */
export function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2] ?? "";
}

export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentChain = parentUrn ? qualifiedTypeOf(parentUrn) : "";
    const chain = parentChain !== "" && parentChain !== ROOT_STACK_TYPE ? `${parentChain}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${chain}::${name}`;
}
