/**
 * An rclone remote section as plain data: a name and its options in the order
 * they are written. Everything that writes rclone config (stack outputs,
 * pull-config, post-deploy) goes through this shape and `render.ts`.
 */
export interface RcloneSection {
    readonly name: string;
    /** Option key → value, in output order (`type` first). */
    readonly options: Readonly<Record<string, string>>;
}

/** rclone 1.60 accepts only these characters in a remote name. */
export const SECTION_NAME_PATTERN = /^[0-9A-Za-z_.\- ]+$/;
