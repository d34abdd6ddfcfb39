/** The two languages of the product, Latvian first. */
export type Lang = 'lv' | 'en';

/** A text in both languages (a title, a description, a label). */
export type Text = Record<Lang, string>;
