// Card → Feishu/Lark card JSON 2.0: the entry point other modules import. By concern:
//   ./card-types.ts  the card JSON types, render options and Lark's limits;
//   ./card-build.ts  the model's elements as Lark components (both languages per text);
//   ./card-fit.ts    measuring a card and fitting it into 30 KB;
//   ./card-value.ts  what a button sends back in a callback.
export { escapeLarkMarkdown, modelMarkdownToLark } from "./card-build.ts";
export { larkCardBytes, renderLarkCard } from "./card-fit.ts";
export * from "./card-types.ts";
export { larkCardIsEphemeral, larkCardValue } from "./card-value.ts";
