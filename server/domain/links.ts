const URL_IN_TEXT = /https?:\/\/[^\s<>"„”“]*[^\s<>"„”“.,;:!?)\]]/g;

/** A paragraph as text and links, so that the HTML part makes every web address a link. */
export function linkParts(text: string): { text: string; url: string | null }[] {
  const parts: { text: string; url: string | null }[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const start = m.index ?? 0;
    if (start > at) parts.push({ text: text.slice(at, start), url: null });
    parts.push({ text: m[0], url: m[0] });
    at = start + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), url: null });
  return parts;
}
