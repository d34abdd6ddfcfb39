import { describe, expect, it } from 'vitest';
import { clonedTitle, moveYears } from '../../server/features/programme/programmeClone.js';

describe('the titles of a programme’s copy', () => {
  it('when a title names years, then each moves by the copy’s years, and other numbers stay', () => {
    expect(moveYears('Kurss 2026./2027. mācību gadam', 1)).toBe('Kurss 2027./2028. mācību gadam');
    expect(moveYears('Skola Nr. 12, 100 vietas, 1500 eiro', 1)).toBe('Skola Nr. 12, 100 vietas, 1500 eiro');
    expect(moveYears('Konference 2026', 0)).toBe('Konference 2026');
  });

  it('when the pattern has {title} and {year}, then both are filled; years in the title move only when asked', () => {
    const title = 'Darbnīca 2027';
    expect(clonedTitle(title, { titlePattern: '{title} ({year})', replaceYear: true }, 1, 2028)).toBe(
      'Darbnīca 2028 (2028)',
    );
    expect(clonedTitle(title, { titlePattern: '{title} ({year})', replaceYear: false }, 1, 2028)).toBe(
      'Darbnīca 2027 (2028)',
    );
    expect(clonedTitle(title, { titlePattern: '{title}', replaceYear: true }, 2, 2029)).toBe('Darbnīca 2029');
    // an event without an English title gets none, not a bare „(2028)”
    expect(clonedTitle('', { titlePattern: '{title} ({year})', replaceYear: true }, 1, 2028)).toBe('');
  });
});
