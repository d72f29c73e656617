export * from "./calendar.ts";
export * from "./file.ts";
