/**
 * B2 Application Key (B2_APPLICATION_KEY env).
 */
export declare const applicationKey: string | undefined;
/**
 * B2 Application Key ID (B2_APPLICATION_KEY_ID env).
 */
export declare const applicationKeyId: string | undefined;
/**
 * B2 endpoint - the string 'production' or a custom B2 API URL (B2_ENDPOINT env). You should not need to set this unless you work at Backblaze. Defaults to `production`.
 */
export declare const endpoint: string | undefined;
