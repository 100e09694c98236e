/**
 * Key dates against the clock. Expiry itself is derived from config alone
 * (rotation/generations.ts), so `pulumi preview` says the same every day; but
 * whether a key is already dead, or dated in the future, depends on today, so
 * the clock is an explicit input here: the program and the commands pass the
 * real time, tests a fixed instant.
 *
 * - A generation issued after today is refused: a key is dated the day it is
 *   issued, and a later date makes it outlive its maximum age.
 * - The key in use (the newest generation) past its expiry is refused: every
 *   request with it is denied from the first one. An older generation that
 *   expired while a rotation overlaps is simply dead, which is fine: the newer
 *   one is in use; `npm run rotate -- --retire` removes it.
 */
import type { ConfigProblem } from "../providers/profile";
import { currentOf, generationsOf, isListed, keyExpiry, keyLifetime } from "../rotation/generations";
import type { PartialSpec } from "./partial";
import { lifetimeKey } from "./rotation-rules";

/** What "now" is. */
export type Clock = () => Date;

/** The real time: what `pulumi up`, the plan and the commands judge dates by. */
export const systemClock: Clock = () => new Date();

/** The UTC calendar date of an instant (how issue dates are written). */
export function utcDate(instant: Date): string {
    return instant.toISOString().slice(0, 10);
}

export function keyDateProblems(stack: string, spec: PartialSpec, now: Date): ConfigProblem[] {
    const { rotation } = spec;
    const today = utcDate(now);
    const out: ConfigProblem[] = [];
    for (const cred of spec.credentials) {
        for (const host of cred.hosts.filter((h) => isListed(rotation, cred.name, h))) {
            const list = generationsOf(rotation, cred.name, host);
            list.forEach((g, i) => {
                if (g.issued === undefined || g.issued <= today) return;
                out.push({
                    path: ["keyGenerations", cred.name, host, i, "issued"],
                    message:
                        `${g.issued} is in the future (today is ${today}, UTC): ` +
                        "a key is dated the day it is issued (`npm run rotate` writes today's date), and a later date would let it outlive its maximum age",
                });
            });
            const current = currentOf(list);
            const expiry = keyExpiry(rotation, cred.name, current);
            if (expiry === undefined || current.issued === undefined || Date.parse(expiry.expiresOn) > now.getTime()) continue;
            const lifetime = keyLifetime(rotation, cred.name)!;
            out.push({
                path: ["keyGenerations", cred.name, host, list.length - 1, "issued"],
                message:
                    `generation ${current.generation}, the key in use on host "${host}", expired on ${expiry.expiresOn} (issued ${current.issued} ` +
                    `+ maxKeyAgeDays ${lifetime.maxKeyAgeDays} from backup-remotes:${lifetimeKey(rotation, cred.name).join(".")} + graceDays ${lifetime.graceDays}); ` +
                    `it is ${today} now, so every request with it would be refused: issue the next generation with ` +
                    `\`npm run rotate -- --stack ${stack} --credential ${cred.name} --host ${host}\`, deploy it and let the host pull it`,
            });
        }
    }
    return out;
}
