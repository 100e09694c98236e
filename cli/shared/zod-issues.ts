import type { z } from "zod";

/** The first few problems zod found, each "path: message", joined for one line of an error. */
export function zodProblems(error: z.ZodError): string {
    return error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
}
