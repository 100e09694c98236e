/**
 * S3 lifecycle transitions that can happen. S3 refuses a lifecycle
 * configuration that breaks these (PutBucketLifecycleConfiguration fails, so
 * the deploy would stop half-way), per "Constraints and considerations for
 * transitions" (docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html)
 * and the Transition API reference:
 *   - STANDARD_IA and ONEZONE_IA only for objects at least 30 days old;
 *   - from an infrequent-access class on to a Glacier class only 30 days later
 *     ("'Days' in the 'Transition' action for StorageClass 'GLACIER' … must be 30 days more than …");
 *   - classes only go down the waterfall (STANDARD_IA → INTELLIGENT_TIERING → ONEZONE_IA → GLACIER_IR → GLACIER → DEEP_ARCHIVE);
 *   - one transition per class, and expiration after every transition.
 * GLACIER_IR, GLACIER and DEEP_ARCHIVE take any day; their minimum storage
 * durations (90, 90, 180 days) are charged, not refused, so they are not checked.
 */
import type { z } from "zod";

/** The storage classes a transition may name, in the order S3 lets objects move down them. */
export const AWS_STORAGE_CLASSES = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
export type AwsStorageClass = (typeof AWS_STORAGE_CLASSES)[number];

const INFREQUENT_ACCESS: readonly AwsStorageClass[] = ["STANDARD_IA", "ONEZONE_IA"];
const GLACIER: readonly AwsStorageClass[] = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];
/** Days an object must be old (or stay in an infrequent-access class) before S3 moves it to/past an infrequent-access class. */
export const INFREQUENT_ACCESS_MIN_DAYS = 30;

interface Transition {
    readonly days: number;
    readonly storageClass: AwsStorageClass;
}

/** Every transition of `lifecycle` that S3 would refuse, as issues at its path below lifecycle. */
export function transitionIssues(
    lifecycle: { readonly transitions: readonly Transition[]; readonly expirationDays?: number | undefined },
    ctx: z.RefinementCtx,
): void {
    const { transitions, expirationDays } = lifecycle;
    const issue = (i: number, key: "days" | "storageClass", message: string) => ctx.addIssue({ code: "custom", path: ["transitions", i, key], message });
    transitions.forEach((t, i) => {
        if (INFREQUENT_ACCESS.includes(t.storageClass) && t.days < INFREQUENT_ACCESS_MIN_DAYS) {
            issue(
                i,
                "days",
                `${t.days}: S3 moves objects to ${t.storageClass} only when they are at least ${INFREQUENT_ACCESS_MIN_DAYS} days old; set days to ${INFREQUENT_ACCESS_MIN_DAYS} or more`,
            );
        }
        if (expirationDays !== undefined && t.days >= expirationDays) {
            issue(
                i,
                "days",
                `${t.days} is not before lifecycle.expirationDays (${expirationDays}): S3 refuses a transition on or after the day objects expire; ` +
                    "transition earlier or expire later",
            );
        }
        const first = transitions.findIndex((o) => o.storageClass === t.storageClass);
        if (first < i) issue(i, "storageClass", `${t.storageClass} is already the class of transitions[${first}]: one transition per storage class`);
        const before = transitions[i - 1];
        if (before === undefined || first < i) return;
        if (t.days <= before.days) {
            issue(
                i,
                "days",
                `${t.days} is not after transitions[${i - 1}].days (${before.days}): list transitions in the order they happen, each on a later day`,
            );
        } else if (rank(t.storageClass) < rank(before.storageClass)) {
            issue(i, "storageClass", `${t.storageClass} after ${before.storageClass}: S3 moves objects only down ${AWS_STORAGE_CLASSES.join(" → ")}`);
        } else if (INFREQUENT_ACCESS.includes(before.storageClass) && GLACIER.includes(t.storageClass) && t.days - before.days < INFREQUENT_ACCESS_MIN_DAYS) {
            issue(
                i,
                "days",
                `${t.days}: objects must stay ${INFREQUENT_ACCESS_MIN_DAYS} days in ${before.storageClass} (from day ${before.days}) before S3 moves them ` +
                    `to ${t.storageClass}; set days to ${before.days + INFREQUENT_ACCESS_MIN_DAYS} or more`,
            );
        }
    });
}

function rank(c: AwsStorageClass): number {
    return AWS_STORAGE_CLASSES.indexOf(c);
}
