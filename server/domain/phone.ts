/**
 * A phone number an organizer notes for a person who registered by phone (private: only
 * organizers see it). Digits, spaces and a leading "+"; a Latvian number is +371 and eight
 * digits, and eight digits alone are taken as Latvian. Another country's number: "+" and
 * 7 to 15 digits in all (E.164).
 */
export function isPhone(value: string): boolean {
  const v = value.trim();
  if (!/^\+?[0-9 ]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  if (!v.startsWith('+')) return digits.length === 8;
  if (digits.startsWith('371')) return digits.length === 11;
  return digits.length >= 7 && digits.length <= 15;
}

/** The number as it is kept: "+371" and the digits for a Latvian one, else "+" and the digits. */
export function normalizePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return value.trim().startsWith('+') ? `+${digits}` : `+371${digits}`;
}

/** The number as people read it: "+371 20 000 000" for a Latvian one, else as kept. */
export function phoneLine(phone: string): string {
  const m = /^\+371(\d{2})(\d{3})(\d{3})$/.exec(phone);
  return m ? `+371 ${m[1]} ${m[2]} ${m[3]}` : phone;
}
