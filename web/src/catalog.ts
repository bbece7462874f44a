/** The API's category and status values (docs/http-contract.md) and their labels in the current language. */
import { categories } from '../../functions/core/model';
import { hasKey, t } from './i18n/index.js';

/** The server's list (functions/core/model.ts), so the portal cannot offer a category the API refuses. */
export const CATEGORIES = categories;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** A value the portal does not know yet is shown as it came, never dropped. */
export function categoryLabel(category: string): string {
  const key = `category.${category}`;
  return hasKey(key) ? t(key) : category;
}

export function statusLabel(status: string): string {
  const key = `status.${status}`;
  return hasKey(key) ? t(key) : status;
}
