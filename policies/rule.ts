/**
 * Rules and how they become policies. Every rule is served twice: as
 * `<rule>` for every stack but staging, always `mandatory`; and as
 * `<rule>-staging` for the staging stack, `mandatory` unless the pack's
 * config sets it to `advisory`. CrossGuard picks one enforcement level per
 * policy, not per stack, so the split is the only way to let staging be
 * advisory while prod stays mandatory.
 */
import type {
    Policies, PolicyConfigSchema, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
    StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { label, stackOfUrn } from "./resources";

export const STAGING = "staging";
export const PROD = "prod";

/** What a rule's check receives besides the resources. */
export interface RuleContext {
    /** The stack's environment (its stack name). */
    readonly environment: string;
    /** The policy's config from the pack config (keys of the rule's configSchema). */
    readonly config: Record<string, unknown>;
    /** Report that `resource` breaks the rule: what is wrong and how to fix it. */
    report(resource: { type: string; name: string; urn: string } | undefined, problem: string, fix: string): void;
}

interface RuleBase {
    readonly name: string;
    readonly description: string;
    /** Applies only in these environments (e.g. prod-only rules); all when absent. */
    readonly environments?: readonly string[];
    readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceRule extends RuleBase {
    readonly kind: "resource";
    /** Type tokens checked (the SDK classes' `__pulumiType`). */
    readonly types: readonly string[];
    check(resource: ResourceValidationArgs, ctx: RuleContext): void;
}

export interface StackRule extends RuleBase {
    readonly kind: "stack";
    check(resources: readonly PolicyResource[], ctx: RuleContext): void;
}

export type Rule = ResourceRule | StackRule;

function context(ruleName: string, environment: string, config: Record<string, unknown>, reportViolation: ReportViolation): RuleContext {
    return {
        environment,
        config,
        report(resource, problem, fix) {
            const who = resource ? label(resource) : `stack "${environment}"`;
            reportViolation(`${who} breaks ${ruleName}: ${problem}. Fix: ${fix}.`, resource?.urn);
        },
    };
}

type Scope = (environment: string) => boolean;

function toPolicy(rule: Rule, name: string, scope: Scope, extra: Pick<ResourceValidationPolicy, "enforcementLevel" | "description">):
    ResourceValidationPolicy | StackValidationPolicy {
    const applies = (env: string) => scope(env) && (!rule.environments || rule.environments.includes(env));
    if (rule.kind === "resource") {
        return {
            name,
            ...extra,
            validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
                if (!rule.types.includes(args.type)) args.notApplicable(`applies to ${rule.types.join(", ")}`);
                const env = stackOfUrn(args.urn);
                if (!applies(env)) args.notApplicable(`does not apply to stack ${env}`);
                rule.check(args, context(name, env, args.getConfig<Record<string, unknown>>(), reportViolation));
            },
        };
    }
    return {
        name,
        ...extra,
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const env = args.resources[0] ? stackOfUrn(args.resources[0].urn) : undefined;
            if (env === undefined) args.notApplicable("the stack has no resources");
            if (!applies(env)) args.notApplicable(`does not apply to stack ${env}`);
            rule.check(args.resources, context(name, env, args.getConfig<Record<string, unknown>>(), reportViolation));
        },
    };
}

/** The policies of the pack: each rule for non-staging stacks (mandatory) and for staging (configurable). */
export function policiesFor(rules: readonly Rule[]): Policies {
    return rules.flatMap((rule) => [
        toPolicy(rule, rule.name, (env) => env !== STAGING, {
            description: rule.description, enforcementLevel: "mandatory",
        }),
        toPolicy(rule, stagingName(rule.name), (env) => env === STAGING, {
            description: `${rule.description} (staging stack; the pack config may set this policy to advisory)`,
            enforcementLevel: "mandatory",
        }),
    ]);
}

export function stagingName(ruleName: string): string {
    return `${ruleName}-${STAGING}`;
}
