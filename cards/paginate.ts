// Long lists in chat cards, one page at a time: a chat message has hard size limits (Slack: 50
// blocks and ~12,000 characters of text; Lark: 30 KB), so a list that can grow with the company
// (a leaderboard, an HR list) shows a page and "previous / next" buttons carrying a real intent
// with the page number. Pure: items in, a page out.
import { text, type Button, type Text } from "./model.ts";
import type { Intent } from "../src/chat/intents.ts";
import { button } from "./builders/common.ts";

/** Rows per page: a 6-column leaderboard page stays near 4,000 characters on Slack, ~12 KB on Lark. */
export const PAGE_SIZE = 50;
/** Intents carry pages 1 … 1000 (src/chat/intents.ts). */
export const MAX_PAGE = 1000;

export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  total: number;
  /** Index of the page's first item in the whole list. */
  offset: number;
}

export function paginate<T>(items: readonly T[], page = 1, pageSize = PAGE_SIZE): Page<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const pages = Math.max(1, Math.min(MAX_PAGE, Math.ceil(items.length / size)));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const offset = (current - 1) * size;
  return { items: items.slice(offset, offset + size), page: current, pages, total: items.length, offset };
}

/** "page 2 of 6 (300 people)"; null for a list that fits on one page. */
export function pageLine(page: Page<unknown>, unit: Text = text("人", "people")): Text | null {
  if (page.pages <= 1) return null;
  return text(
    `第 ${page.page} / ${page.pages} 页（共 ${page.total} ${unit["zh-CN"]}）`,
    `page ${page.page} of ${page.pages} (${page.total} ${unit.en})`,
  );
}

/** "Previous page" / "Next page" buttons for the pages around this one. */
export function pageButtons(page: Page<unknown>, intentFor: (page: number) => Intent): Button[] {
  const out: Button[] = [];
  if (page.page > 1) out.push(button("page_prev", text("上一页", "Previous page"), intentFor(page.page - 1)));
  if (page.page < page.pages) out.push(button("page_next", text("下一页", "Next page"), intentFor(page.page + 1)));
  return out;
}
