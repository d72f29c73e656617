/** The chat platforms Pacer talks to, declared once: every module takes the name from here. */
export const PLATFORMS = ["slack", "lark"] as const;
export type PlatformName = (typeof PLATFORMS)[number];
