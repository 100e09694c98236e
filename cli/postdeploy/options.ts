/** The options of `postdeploy`, as its arguments give them (main.ts) and its run reads them (execute.ts). */
export interface Options {
    stack: string;
    outputs?: string;
    otherEnvOutputs?: string;
    adminConfig?: string;
    revokedOutputs?: string;
    json?: boolean;
    junit?: string;
    rcloneLog?: string;
    concurrency: number;
    checkTimeout: number;
    authRetry: number;
    from?: string;
}
