/**
 * The instant the plan judges key dates at (the key in use expired, an issue
 * date in the future): the real time, unless PLAN_NOW_VARIABLE names another.
 * permissions:diff plans a base commit as of that commit, so a key that has
 * expired since does not stop the review of the change that replaces it.
 */
import type { Clock } from "../../components/config/key-dates";
import { UsageError } from "../shared/cli-error";

/** An RFC 3339 instant; unset or empty: the real time. */
export const PLAN_NOW_VARIABLE = "BACKUP_REMOTES_PLAN_NOW";

export function planClock(env: NodeJS.ProcessEnv): Clock | undefined {
    const value = env[PLAN_NOW_VARIABLE];
    if (value === undefined || value === "") return undefined;
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw new UsageError(`${PLAN_NOW_VARIABLE}=${value}: not an instant (e.g. 2026-05-01T00:00:00Z)`);
    return () => at;
}
