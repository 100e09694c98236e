/** The options of `rotate`, as its arguments give them (main.ts) and its run reads them (run.ts). */
export interface Options {
    stack: string;
    credential?: string;
    host?: string;
    retire?: boolean;
    report?: string;
    force?: boolean;
    revoke?: boolean;
    cwd: string;
}
