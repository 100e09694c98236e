/**
 * Rules and how they become policies. Every rule is served twice: as
 * `<rule>` for production-tier stacks, `mandatory` (unless the rule says it
 * only advises: `productionEnforcement`, key-host-addresses); and as
 * `<rule>-test` for stacks whose config opts into the test tier
 * (`backup-remotes:tier: test`), `mandatory` unless the pack's config sets it
 * to `advisory`. CrossGuard picks one enforcement level per policy, not per
 * stack, so the split is the only way to let a test stack be advisory while
 * production stays mandatory.
 *
 * The tier is the one the program itself applies: the environment
 * component registers it as an output (`registerOutputs({ tier })`). A stack
 * policy is shown each resource's OUTPUTS (the engine's AnalyzeStack), and a
 * component's outputs are only what it registered, never its inputs; the tier
 * is a config value, known in every preview. A stack without the component,
 * or whose tier is not known, is treated as production (fail closed).
 *
 * Why every rule (resource rules too) is a stack policy: a resource policy
 * sees one resource's inputs and cannot see the tier, which lives on the
 * environment component, and most rules join resources (a bucket with its
 * versioning, a user with its policy, keys with the permissions output).
 * Serving the blocking rules as resource policies instead would cost the
 * test-tier split and the joins; the tier cannot be put on every resource
 * either (B2 and R2 resources have no tags).
 *
 * When they run, and so when "mandatory" blocks: stack policies run once, after
 * the engine has processed every step. In a PREVIEW (`pulumi preview`, and the
 * preview the CLI's `pulumi up` runs first, with or without `--yes`, unless
 * given `--skip-preview`) nothing is applied yet: a mandatory violation fails
 * the preview and `up` stops before any change. `pulumi up --yes
 * --skip-preview` (what `pulumi/actions` with `command: up` and the Automation
 * API run) has no preview: its stack policies run only after every step is
 * applied, so a violation fails the update with the change already live. The
 * deploy workflow therefore runs `pulumi preview --policy-pack policies`
 * before it applies anything, and a refused preview stops the job. In a
 * preview, values not known yet (ids, keys, anything computed from them) skip
 * the checks that need them (resources.ts `known`); those checks run in the
 * update's own stack analysis, where a violation still fails the update.
 */
import type { Policies, PolicyConfigSchema, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { TIERS, type Tier } from "../components/config-fields";
import { ENVIRONMENT_COMPONENT_TYPE } from "../components/environment";
import { isKnown, known, label, stackOfUrn } from "./resources";

/** What a rule's check receives besides the resources. */
export interface RuleContext {
    /** The stack's environment (its stack name). */
    readonly environment: string;
    readonly tier: Tier;
    /** The policy's config from the pack config (keys of the rule's configSchema). */
    readonly config: Record<string, unknown>;
    /** Report that `resource` breaks the rule: what is wrong and how to fix it. */
    report(resource: { type: string; name: string; urn: string } | undefined, problem: string, fix: string): void;
}

interface RuleBase {
    readonly name: string;
    readonly description: string;
    /** Applies only in these tiers (e.g. production-only rules); all when absent. */
    readonly tiers?: readonly Tier[];
    /** `advisory`: its production policy reports without blocking (a recommendation, e.g. key-host-addresses); absent: mandatory. */
    readonly productionEnforcement?: "advisory";
    readonly configSchema?: PolicyConfigSchema;
}

/** A rule about one resource at a time, of the given types. */
export interface ResourceRule extends RuleBase {
    readonly kind: "resource";
    /** Type tokens checked (the SDK classes' `__pulumiType`). */
    readonly types: readonly string[];
    check(resource: PolicyResource, ctx: RuleContext): void;
}

export interface StackRule extends RuleBase {
    readonly kind: "stack";
    check(resources: readonly PolicyResource[], ctx: RuleContext): void;
}

export type Rule = ResourceRule | StackRule;

/** The tier the stack's environment component declares (production when absent or unknown). */
export function tierOf(resources: readonly PolicyResource[]): Tier {
    const env = resources.find((r) => r.type === ENVIRONMENT_COMPONENT_TYPE);
    const tier = env ? known(() => env.props.tier) : undefined;
    return tier !== undefined && isKnown(tier) && tier === "test" ? "test" : "production";
}

function context(ruleName: string, environment: string, tier: Tier, config: Record<string, unknown>, reportViolation: ReportViolation): RuleContext {
    return {
        environment,
        tier,
        config,
        report(resource, problem, fix) {
            const who = resource ? label(resource) : `stack "${environment}"`;
            reportViolation(`${who} breaks ${ruleName}: ${problem}. Fix: ${fix}.`, resource?.urn);
        },
    };
}

function toPolicy(rule: Rule, name: string, tier: Tier, extra: Pick<StackValidationPolicy, "enforcementLevel" | "description">): StackValidationPolicy {
    return {
        name,
        ...extra,
        ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const env = args.resources[0] ? stackOfUrn(args.resources[0].urn) : undefined;
            if (env === undefined) args.notApplicable("the stack has no resources");
            const stackTier = tierOf(args.resources);
            if (stackTier !== tier) args.notApplicable(`stack ${env} is in the ${stackTier} tier`);
            const ctx = context(name, env, tier, args.getConfig<Record<string, unknown>>(), reportViolation);
            if (rule.kind === "stack") rule.check(args.resources, ctx);
            else for (const r of args.resources.filter((x) => rule.types.includes(x.type))) rule.check(r, ctx);
        },
    };
}

/**
 * The policies of the pack: each rule for production-tier stacks (mandatory) and for test-tier stacks
 * (configurable), in the tiers it applies to.
 */
export function policiesFor(rules: readonly Rule[]): Policies {
    return rules.flatMap((rule) =>
        TIERS.filter((tier) => !rule.tiers || rule.tiers.includes(tier)).map((tier) =>
            tier === "production"
                ? toPolicy(rule, rule.name, tier, { description: rule.description, enforcementLevel: rule.productionEnforcement ?? "mandatory" })
                : toPolicy(rule, testName(rule.name), tier, {
                      description: `${rule.description} (test-tier stacks; the pack config may set this policy to advisory)`,
                      enforcementLevel: "mandatory",
                  }),
        ),
    );
}

export function testName(ruleName: string): string {
    return `${ruleName}-test`;
}
