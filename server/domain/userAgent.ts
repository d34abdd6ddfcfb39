const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/Chrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPhone\b|\biPad\b|\biOS\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

const nameOf = (table: [RegExp, string][], ua: string): string | undefined =>
  table.find(([pattern]) => pattern.test(ua))?.[1];

/**
 * A short, recognisable name for a browser from its User-Agent, such as "Firefox, Linux":
 * enough for an organizer to tell their sign-ins apart, without keeping the whole header.
 * Null when neither the browser nor the system is recognised.
 */
export function clientSummary(userAgent: string | undefined): string | null {
  const ua = (userAgent ?? '').slice(0, 500);
  const parts = [nameOf(BROWSERS, ua), nameOf(SYSTEMS, ua)].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(', ') : null;
}
