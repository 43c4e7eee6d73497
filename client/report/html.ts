import type { FileLink } from '../../src-shared/protocol';

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link the webview script turns into an "open this file at this line" message. */
export function fileLink(link: FileLink | null, text: string | number = link?.label ?? ''): string {
  if (!link) return escapeHtml(text);
  return `<a href="#" data-uri="${escapeHtml(link.uri)}" data-line="${link.line}" title="${escapeHtml(link.label)}">${escapeHtml(text)}</a>`;
}

export function count(value: number | null): string {
  return value === null ? '?' : String(value);
}

export function share(value: number | null): string {
  return value === null ? '?' : `${value} %`;
}
